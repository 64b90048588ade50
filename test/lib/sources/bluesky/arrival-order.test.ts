import { describe, expect, it } from 'vitest';
import { ArrivalOrder } from '../../../../lib/sources/bluesky/arrival-order.ts';

/** A promise the test settles by hand. */
function later<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('add', () => {
  it('sends at once when nothing waits before it', () => {
    const sent: string[] = [];
    const order = new ArrivalOrder<string>((item) => sent.push(item));
    order.add('a');
    order.add('b');
    expect(sent).toEqual(['a', 'b']);
    expect(order.held).toBe(0);
  });
});

describe('addPending', () => {
  it('holds later items behind one that waits, then sends them all in arrival order', async () => {
    const sent: string[] = [];
    const order = new ArrivalOrder<string>((item) => sent.push(item));
    const slow = later<string>();
    const fast = later<string>();
    order.addPending('a?', slow.promise);
    order.addPending('b?', fast.promise);
    order.add('c');
    fast.resolve('B');
    await tick();
    expect(sent).toEqual([]);
    slow.resolve('A');
    await tick();
    expect(sent).toEqual(['A', 'B', 'c']);
  });

  it('sends the fallback when the better value fails', async () => {
    const sent: string[] = [];
    const order = new ArrivalOrder<string>((item) => sent.push(item));
    const failing = later<string>();
    order.addPending('fallback', failing.promise);
    failing.reject(new Error('lookup failed'));
    await tick();
    expect(sent).toEqual(['fallback']);
  });

  it('never holds more than its bound: the oldest goes out as it is, still in order, and only once', async () => {
    const sent: string[] = [];
    const order = new ArrivalOrder<string>((item) => sent.push(item), 2);
    const first = later<string>();
    order.addPending('a?', first.promise);
    order.addPending('b?', new Promise(() => {}));
    order.add('c');
    expect(sent).toEqual(['a?']);
    expect(order.held).toBe(2);
    first.resolve('A');
    await tick();
    expect(sent).toEqual(['a?']);
  });
});
