// Reconnects a dropped socket on a bounded, jittered back-off that we schedule
// ourselves, so the page can show an honest countdown to the next try.
// (Socket.IO's built-in reconnection does not say when it will try next.)
import type { Socket } from 'socket.io-client';

export const RETRY_MIN = 1000; // ms before the first retry
export const RETRY_MAX = 30_000; // ms, the longest wait between tries
const JITTER = 0.3; // share of each delay that is random, so restarted servers are not stampeded

/** Watches a socket created with `reconnection: false`; `onRetry` hears the next try's time, or null once connected. */
export function keepConnected(socket: Socket, onRetry: (retryAt: number | null) => void, random = Math.random): void {
  let attempts = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const schedule = (): void => {
    if (timer) return;
    const base = Math.min(RETRY_MAX, RETRY_MIN * 2 ** attempts);
    const delay = Math.round(base * (1 - JITTER * random()));
    attempts += 1;
    onRetry(Date.now() + delay);
    timer = setTimeout(() => {
      timer = null;
      socket.connect();
    }, delay);
  };

  socket.on('connect', () => {
    attempts = 0;
    onRetry(null);
  });
  socket.on('connect_error', schedule);
  socket.on('disconnect', (reason) => {
    if (reason !== 'io client disconnect') schedule();
  });
}
