import { describe, expect, it } from 'vitest';
import { CLIENT_ERRORS } from '../../../../lib/contract/errors.ts';
import { AddressShares } from '../../../../lib/sources/x/shares.ts';
import { ManualClock } from '../../../helpers/manual-clock.ts';

const WINDOW = 15 * 60_000;

function setup(limits = { newTermsPerWindow: 3, termsHeld: 4 }) {
  const clock = new ManualClock();
  const followed = new Set<string>();
  const shares = new AddressShares(clock, { ...limits, windowMs: WINDOW });
  const charge = (termKey: string, address: string) => shares.charge(termKey, address, (key) => followed.has(key));
  return { clock, followed, shares, charge };
}

describe('AddressShares', () => {
  it('lets an address start only so many new terms per window; other addresses keep their share', () => {
    const { clock, charge } = setup();
    expect(['a', 'b', 'c'].map((term) => charge(term, '10.0.0.1'))).toEqual([null, null, null]);
    expect(charge('d', '10.0.0.1')).toBe(CLIENT_ERRORS.xTooManyNewTerms);
    expect(charge('d', '10.0.0.2')).toBeNull();
    clock.advance(WINDOW - 1);
    expect(charge('e', '10.0.0.1')).toBe(CLIENT_ERRORS.xTooManyNewTerms);
    clock.advance(1);
    expect(charge('e', '10.0.0.1')).toBeNull();
  });

  it('charges a term again each time it must start afresh, so pausing and resuming is no way round', () => {
    const { charge } = setup();
    expect([charge('a', '10.0.0.1'), charge('a', '10.0.0.1'), charge('a', '10.0.0.1')]).toEqual([null, null, null]);
    expect(charge('a', '10.0.0.1')).toBe(CLIENT_ERRORS.xTooManyNewTerms);
  });

  it('lets an address hold only so many terms that X still follows, across windows', () => {
    const { clock, followed, charge } = setup({ newTermsPerWindow: 3, termsHeld: 4 });
    for (const term of ['a', 'b', 'c']) {
      expect(charge(term, '10.0.0.1')).toBeNull();
      followed.add(term);
    }
    clock.advance(WINDOW);
    expect(charge('d', '10.0.0.1')).toBeNull();
    followed.add('d');
    expect(charge('e', '10.0.0.1')).toBe(CLIENT_ERRORS.xTooManyTerms); // a, b, c and d are still on X
    followed.delete('a'); // its last follower left
    expect(charge('e', '10.0.0.1')).toBeNull();
  });

  it('forgets addresses whose charges no longer count', () => {
    const { clock, shares, charge } = setup();
    for (let i = 0; i < 100; i += 1) charge(`t${i}`, `10.0.1.${i}`);
    expect(shares.addresses).toBe(100);
    clock.advance(WINDOW);
    charge('x', '10.0.2.1');
    expect(shares.addresses).toBe(1);
  });
});
