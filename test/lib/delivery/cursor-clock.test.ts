// lib/delivery/cursor-clock.ts: every cursor the hub stamps sorts after the one before,
// whatever the clock does, and after any cursor it has seen from elsewhere.
import { describe, expect, it } from 'vitest';
import { compareCursors } from '../../../lib/contract/cursor.ts';
import { CursorClock } from '../../../lib/delivery/cursor-clock.ts';
import { ManualClock } from '../../helpers/manual-clock.ts';

describe('next', () => {
  it('stamps the time and counts within one millisecond', () => {
    const clock = new ManualClock(1_000);
    const cursors = new CursorClock(clock);
    expect([cursors.next(), cursors.next()]).toEqual(['1000-0', '1000-1']);
    clock.advance(5);
    expect(cursors.next()).toBe('1005-0');
  });

  it('keeps growing when the clock steps back', () => {
    const clock = new ManualClock(10_000);
    const cursors = new CursorClock(clock);
    const first = cursors.next();
    clock.advance(-6_000); // an NTP step back
    const second = cursors.next();
    expect(second).toBe('10000-1');
    expect(compareCursors(second, first)).toBeGreaterThan(0);
  });
});

describe('observe', () => {
  it('moves the floor past a cursor stamped elsewhere, so the next one still sorts after it', () => {
    const cursors = new CursorClock(new ManualClock(1_000));
    cursors.observe('2000-7');
    expect(cursors.next()).toBe('2000-8');
  });

  it('ignores an older cursor and one too large for a clock', () => {
    const cursors = new CursorClock(new ManualClock(1_000));
    cursors.observe('500-0');
    cursors.observe('18446744073709551615-0');
    expect(cursors.next()).toBe('1000-0');
  });
});
