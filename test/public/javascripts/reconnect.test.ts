// The page's own reconnect schedule: doubling, capped, jittered, and announced ahead.
import { EventEmitter } from 'node:events';
import type { Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keepConnected, RETRY_MAX, RETRY_MIN } from '../../../public/javascripts/reconnect.ts';

const T0 = 1_000_000; // ms

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A socket with `reconnection: false` as far as this module sees: events in, connect() out. */
function watched(random = () => 0) {
  const socket = Object.assign(new EventEmitter(), { connects: 0, connect: () => (socket.connects += 1) });
  const retries: Array<number | null> = [];
  keepConnected(socket as unknown as Socket, (retryAt) => retries.push(retryAt === null ? null : retryAt - Date.now()), random);
  return { socket, retries };
}

describe('keepConnected', () => {
  it('tries again after RETRY_MIN, then doubles the wait after each failure', () => {
    const { socket, retries } = watched();
    for (let i = 0; i < 4; i += 1) {
      socket.emit('connect_error', new Error('refused'));
      vi.runOnlyPendingTimers();
    }
    expect(retries).toEqual([RETRY_MIN, 2 * RETRY_MIN, 4 * RETRY_MIN, 8 * RETRY_MIN]);
    expect(socket.connects).toBe(4);
  });

  it('never waits longer than RETRY_MAX', () => {
    const { socket, retries } = watched();
    for (let i = 0; i < 10; i += 1) {
      socket.emit('connect_error', new Error('refused'));
      vi.runOnlyPendingTimers();
    }
    expect(Math.max(...(retries as number[]))).toBe(RETRY_MAX);
  });

  it('takes up to 30% off each wait at random, so restarted servers are not stampeded', () => {
    const { socket, retries } = watched(() => 1);
    socket.emit('connect_error', new Error('refused'));
    expect(retries).toEqual([0.7 * RETRY_MIN]);
  });

  it('connects when the announced time comes, not before', () => {
    const { socket } = watched();
    socket.emit('disconnect', 'transport close');
    vi.advanceTimersByTime(RETRY_MIN - 1);
    expect(socket.connects).toBe(0);
    vi.advanceTimersByTime(1);
    expect(socket.connects).toBe(1);
  });

  it('says null once connected, and starts again from RETRY_MIN next time', () => {
    const { socket, retries } = watched();
    socket.emit('connect_error', new Error('refused'));
    vi.runOnlyPendingTimers();
    socket.emit('connect_error', new Error('refused'));
    vi.runOnlyPendingTimers();
    socket.emit('connect');
    socket.emit('disconnect', 'ping timeout');
    expect(retries).toEqual([RETRY_MIN, 2 * RETRY_MIN, null, RETRY_MIN]);
  });

  it('schedules one try at a time, however many failures arrive', () => {
    const { socket, retries } = watched();
    socket.emit('disconnect', 'transport error');
    socket.emit('connect_error', new Error('refused'));
    vi.runOnlyPendingTimers();
    expect(retries).toHaveLength(1);
    expect(socket.connects).toBe(1);
  });

  it('stays disconnected when the page itself disconnected', () => {
    const { socket, retries } = watched();
    socket.emit('disconnect', 'io client disconnect');
    vi.runAllTimers();
    expect(retries).toEqual([]);
    expect(socket.connects).toBe(0);
  });
});
