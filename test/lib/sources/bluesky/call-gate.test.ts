import { describe, expect, it } from 'vitest';
import { CallGate, GateFullError } from '../../../../lib/sources/bluesky/call-gate.ts';

/** A call the test finishes by hand, recording when it started. */
function manualCalls() {
  const started: number[] = [];
  const finish: Array<() => void> = [];
  const call = (n: number) => () =>
    new Promise<number>((resolve) => {
      started.push(n);
      finish.push(() => resolve(n));
    });
  return { started, finish, call };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('run', () => {
  it('runs at most maxRunning calls at once, the rest in the order they came', async () => {
    const gate = new CallGate(2, 10);
    const { started, finish, call } = manualCalls();
    const results = [1, 2, 3, 4].map((n) => gate.run(call(n)));
    await tick();
    expect(started).toEqual([1, 2]);
    expect([gate.running, gate.waiting]).toEqual([2, 2]);

    finish[0]!();
    await tick();
    expect(started).toEqual([1, 2, 3]);
    expect(gate.running).toBe(2);
    finish[1]!();
    finish[2]!();
    await tick();
    finish[3]!();
    expect(await Promise.all(results)).toEqual([1, 2, 3, 4]);
    expect([gate.running, gate.waiting]).toEqual([0, 0]);
  });

  it('refuses a call at once, without running it, when maxWaiting calls already wait', async () => {
    const gate = new CallGate(1, 1);
    const { started, finish, call } = manualCalls();
    const first = gate.run(call(1));
    const second = gate.run(call(2));
    await expect(gate.run(call(3))).rejects.toBeInstanceOf(GateFullError);
    await tick();
    expect(started).toEqual([1]);
    finish[0]!();
    await tick();
    finish[1]!();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
  });

  it('frees the turn of a call that fails', async () => {
    const gate = new CallGate(1, 0);
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run(async () => 'next')).toBe('next');
    expect(gate.running).toBe(0);
  });
});
