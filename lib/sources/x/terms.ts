// Which X rule each followed term needs, and which terms a rule's tag stands for.
// Terms that translate to the same rule share it, since X refuses duplicate rules.
import type { Query } from '../../match/query.ts';
import { ruleTag, toRule } from './rule.ts';

export class TermRules {
  readonly #byTermKey = new Map<string, { value: string; tag: string }>(); // term key -> its rule
  readonly #termKeysByTag = new Map<string, Set<string>>();

  add(termKey: string, query: Query): void {
    this.remove(termKey);
    const value = toRule(query);
    const tag = ruleTag(value);
    this.#byTermKey.set(termKey, { value, tag });
    let termKeys = this.#termKeysByTag.get(tag);
    if (!termKeys) this.#termKeysByTag.set(tag, (termKeys = new Set()));
    termKeys.add(termKey);
  }

  /** Forgets a term; returns its rule's tag when no other term needs that rule. */
  remove(termKey: string): string | null {
    const rule = this.#byTermKey.get(termKey);
    if (!rule) return null;
    this.#byTermKey.delete(termKey);
    const termKeys = this.#termKeysByTag.get(rule.tag)!;
    termKeys.delete(termKey);
    if (termKeys.size > 0) return null;
    this.#termKeysByTag.delete(rule.tag);
    return rule.tag;
  }

  has(termKey: string): boolean {
    return this.#byTermKey.has(termKey);
  }

  /** The term key a matching rule's tag stands for; unknown tags give none. */
  termKeysFor(tag: string): string[] {
    return [...(this.#termKeysByTag.get(tag) ?? [])];
  }

  /** Every rule tag some term needs. */
  tags(): string[] {
    return [...this.#termKeysByTag.keys()];
  }

  /** The rule text behind a tag that some term needs. */
  valueOf(tag: string): string {
    const termKey = this.#termKeysByTag.get(tag)?.values().next().value;
    return termKey === undefined ? '' : this.#byTermKey.get(termKey)!.value;
  }
}
