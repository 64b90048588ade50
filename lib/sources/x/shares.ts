// Each address's share of what X allows this app: 100 rule changes per 15 minutes and
// 1,000 rules in all. A term nobody follows yet is charged to the address that asks
// for it; an address may start only so many new terms per window (each costs a rule
// added now and deleted later) and hold only so many at once. Without shares, one
// visitor switching terms every few seconds spends the whole change budget, and
// everyone else's new searches wait for the window to pass.
import type { Clock } from '../../support/clock.ts';
import { CLIENT_ERRORS } from '../../contract/errors.ts';

export interface ShareLimits {
  newTermsPerWindow: number; // X_NEW_TERMS_PER_ADDRESS
  termsHeld: number; // X_TERMS_PER_ADDRESS
  windowMs: number; // X's change window
}

export const DEFAULT_SHARES = Object.freeze({
  newTermsPerWindow: 5, // X_NEW_TERMS_PER_ADDRESS: with their later deletions, 10 of X's 100 changes
  termsHeld: 10, // X_TERMS_PER_ADDRESS: 1% of X's 1,000 rules
});

interface Charge {
  termKey: string;
  at: number; // ms
}

export class AddressShares {
  readonly #clock: Clock;
  readonly #limits: ShareLimits;
  // Per address, its charges that still count: made within the window, or for a term
  // the source still follows. At most newTermsPerWindow + termsHeld each.
  readonly #charges = new Map<string, Charge[]>();
  #sweptAt: number;

  constructor(clock: Clock, limits: ShareLimits) {
    this.#clock = clock;
    this.#limits = limits;
    this.#sweptAt = clock.now();
  }

  /**
   * Charges a new term to `address`, or says why its share is used up. `followed` tells
   * whether the source still follows a term (a rule that X still holds).
   */
  charge(termKey: string, address: string, followed: (termKey: string) => boolean): string | null {
    const now = this.#clock.now();
    if (now - this.#sweptAt >= this.#limits.windowMs) this.#sweep(now, followed);
    const charges = this.#live(address, now, followed);
    const recent = charges.filter((charge) => charge.at > now - this.#limits.windowMs).length;
    if (recent >= this.#limits.newTermsPerWindow) return CLIENT_ERRORS.xTooManyNewTerms;
    const held = new Set(charges.map((charge) => charge.termKey));
    if (!held.has(termKey) && held.size >= this.#limits.termsHeld) return CLIENT_ERRORS.xTooManyTerms;
    charges.push({ termKey, at: now });
    this.#charges.set(address, charges);
    return null;
  }

  /** Addresses with charges that still count (for tests: the ledger stays bounded). */
  get addresses(): number {
    return this.#charges.size;
  }

  #live(address: string, now: number, followed: (termKey: string) => boolean): Charge[] {
    const since = now - this.#limits.windowMs;
    return (this.#charges.get(address) ?? []).filter((charge) => charge.at > since || followed(charge.termKey));
  }

  /** Forgets addresses whose charges no longer count, so the ledger holds only recent visitors. */
  #sweep(now: number, followed: (termKey: string) => boolean): void {
    this.#sweptAt = now;
    for (const address of [...this.#charges.keys()]) {
      const charges = this.#live(address, now, followed);
      if (charges.length > 0) this.#charges.set(address, charges);
      else this.#charges.delete(address);
    }
  }
}
