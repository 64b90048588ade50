// X's published reconnect schedule for the filtered stream, as pure functions, so the
// source and its tests share one definition.
// https://docs.x.com/x-api/fundamentals/handling-disconnections

export const NETWORK_STEP = 250; // ms added per try after a TCP-level error, a drop or a stall
export const NETWORK_MAX = 16_000; // ms
export const HTTP_FIRST = 5_000; // ms before the first retry after an HTTP error (5xx and the like)
export const HTTP_MAX = 320_000; // ms
export const RATE_LIMIT_FIRST = 60_000; // ms before the first retry after a 429
// X gives no ceiling for 429s. Its limits reset every 15 minutes, so we stop doubling
// at two windows: waiting longer gains nothing, and a page should never say "in 3 days".
export const RATE_LIMIT_MAX = 30 * 60_000; // ms

/** Why a connection ended; `fatal` (401/403) is never retried. */
export type FailureKind = 'network' | 'http' | 'rateLimit' | 'fatal';

/** The wait before try number `attempt` (1-based) after failures of one kind. */
export function retryDelay(kind: Exclude<FailureKind, 'fatal'>, attempt: number): number {
  const n = Math.max(1, Math.floor(attempt));
  switch (kind) {
    case 'network':
      return Math.min(NETWORK_STEP * n, NETWORK_MAX);
    case 'http':
      return Math.min(HTTP_FIRST * 2 ** Math.min(n - 1, 30), HTTP_MAX);
    case 'rateLimit':
      return Math.min(RATE_LIMIT_FIRST * 2 ** Math.min(n - 1, 30), RATE_LIMIT_MAX);
  }
}

/** Which schedule an HTTP status belongs to. */
export function classifyStatus(status: number): FailureKind {
  if (status === 401 || status === 403) return 'fatal';
  if (status === 429) return 'rateLimit';
  return 'http';
}

/**
 * Counts consecutive failures. A new kind of failure starts its own schedule afresh,
 * and `reset()` is called once the stream delivers bytes again.
 */
export class Backoff {
  #kind: FailureKind | null = null;
  #attempt = 0;

  /** Records a failure and returns how long to wait before the next try. */
  next(kind: Exclude<FailureKind, 'fatal'>): number {
    this.#attempt = kind === this.#kind ? this.#attempt + 1 : 1;
    this.#kind = kind;
    return retryDelay(kind, this.#attempt);
  }

  reset(): void {
    this.#kind = null;
    this.#attempt = 0;
  }
}
