// lib/contract/cursor.ts: the one shape and the one order of a post's cursor, shared by
// the server, the page and a cluster's Redis Stream ids.
import { describe, expect, it } from 'vitest';
import { compareCursors, isCursor, laterCursor } from '../../../lib/contract/cursor.ts';

describe('isCursor', () => {
  it('accepts <ms>-<seq> with whole numbers, as a Redis Stream id is written', () => {
    for (const good of ['0-0', '1764400000000-0', '1764400000000-17', '18446744073709551615-18446744073709551615']) {
      expect(isCursor(good), good).toBe(true);
    }
  });

  it('refuses anything else: other types, leading zeros, signs, spaces, missing or extra parts, over 20 digits', () => {
    const bad = [undefined, null, 42, {}, [], '', '-', '1-', '-1', '01-0', '1-01', '+1-0', '1-0 ', ' 1-0', '1-0-0', '1.5-0', 'a-0', '1764400000000', `${'1'.repeat(21)}-0`, '1-0\n'];
    for (const value of bad) expect(isCursor(value), JSON.stringify(value)).toBe(false);
  });
});

describe('compareCursors', () => {
  it('orders by milliseconds, then by sequence, as numbers and not as text', () => {
    const sorted = ['9-0', '10-0', '10-1', '10-2', '10-10', '100-0', '18446744073709551615-0'];
    const shuffled = [...sorted].reverse();
    expect(shuffled.sort(compareCursors)).toEqual(sorted);
  });

  it('is exact past 2^53, where Number would round two ids to one', () => {
    expect(compareCursors('9007199254740993-0', '9007199254740992-0')).toBeGreaterThan(0);
    expect(compareCursors('1-9007199254740993', '1-9007199254740992')).toBeGreaterThan(0);
  });

  it('says two equal cursors are equal', () => {
    expect(compareCursors('1764400000000-3', '1764400000000-3')).toBe(0);
  });
});

describe('laterCursor', () => {
  it('keeps the later of two, and either one when the other is missing', () => {
    expect(laterCursor('5-1', '5-0')).toBe('5-1');
    expect(laterCursor('5-0', '6-0')).toBe('6-0');
    expect(laterCursor(null, '5-0')).toBe('5-0');
    expect(laterCursor('5-0', null)).toBe('5-0');
    expect(laterCursor(null, null)).toBe(null);
  });
});
