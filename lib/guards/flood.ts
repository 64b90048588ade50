// Caps how fast one socket may send events, whatever their name. A packet over the
// rate is dropped before any handler runs and answered with `{ error }` through its ack.
import { CLIENT_ERRORS } from '../contract/errors.ts';
import type { StreamSocket } from '../contract/io.ts';
import { TokenBucket, type MonotonicNow } from './token-bucket.ts';

export interface FloodLimits {
  burst: number; // events accepted at once
  perSecond: number; // events accepted per second after the burst
}

export function guardFloods(socket: StreamSocket, { burst, perSecond }: FloodLimits, now?: MonotonicNow): void {
  const bucket = new TokenBucket(burst, perSecond, now);
  let told = false; // without an ack, say it once per flood rather than echo every packet

  socket.use((packet, next) => {
    if (bucket.take()) {
      told = false;
      return next();
    }
    const ack = packet.at(-1);
    if (typeof ack === 'function') ack({ error: CLIENT_ERRORS.tooFast });
    else if (!told) socket.emit('inputError', CLIENT_ERRORS.tooFast);
    told = true;
  });
}
