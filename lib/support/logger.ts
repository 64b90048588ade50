// Structured logs with pino. Anything that might hold a secret is redacted by path;
// untrusted text goes through logText() (lib/support/log-text.ts) before it is logged.
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

// Where a token could sit in a logged object: a bare field, one level down, or in
// request headers. Settings that hold secrets are never logged whole, but just in case.
const REDACT = [
  'token', '*.token', 'accessToken', '*.accessToken', 'bearerToken', '*.bearerToken',
  'password', '*.password', 'secret', '*.secret',
  'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization',
  'headers.cookie', '*.headers.cookie',
  'X_BEARER_TOKEN', '*.X_BEARER_TOKEN',
];

/** A logger at `level`; tests pass a `destination` to read what was written. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACT, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}

/** A logger that writes nothing, for tests and tools. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
