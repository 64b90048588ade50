// Which X rule each followed term needs, and which terms a rule's tag stands for.
// Terms that translate to the same rule share it, since X refuses duplicate rules.
import type { Query } from '../../match/query.ts';
import { ruleTag, toRule } from './rule.ts';

export class TermRules {
  readonly #byKey = new Map<string, { value: string; tag: string }>(); // room key -> its rule
  readonly #keysByTag = new Map<string, Set<string>>();

  add(key: string, query: Query): void {
    this.remove(key);
    const value = toRule(query);
    const tag = ruleTag(value);
    this.#byKey.set(key, { value, tag });
    let keys = this.#keysByTag.get(tag);
    if (!keys) this.#keysByTag.set(tag, (keys = new Set()));
    keys.add(key);
  }

  /** Forgets a term; returns its rule's tag when no other term needs that rule. */
  remove(key: string): string | null {
    const rule = this.#byKey.get(key);
    if (!rule) return null;
    this.#byKey.delete(key);
    const keys = this.#keysByTag.get(rule.tag)!;
    keys.delete(key);
    if (keys.size > 0) return null;
    this.#keysByTag.delete(rule.tag);
    return rule.tag;
  }

  has(key: string): boolean {
    return this.#byKey.has(key);
  }

  /** The room keys a matching rule's tag stands for; unknown tags give none. */
  keysFor(tag: string): string[] {
    return [...(this.#keysByTag.get(tag) ?? [])];
  }

  /** Every rule tag some term needs. */
  tags(): string[] {
    return [...this.#keysByTag.keys()];
  }

  /** The rule text behind a tag that some term needs. */
  valueOf(tag: string): string {
    const key = this.#keysByTag.get(tag)?.values().next().value;
    return key === undefined ? '' : this.#byKey.get(key)!.value;
  }
}
