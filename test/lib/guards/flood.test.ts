// lib/guards/flood.ts: past its burst and rate a socket's packets are dropped before any
// handler runs, answered "too fast" through the ack, or said once when there is no ack.
import { describe, expect, it } from 'vitest';
import { CLIENT_ERRORS } from '../../../lib/contract/errors.ts';
import type { StreamSocket } from '../../../lib/contract/io.ts';
import { guardFloods } from '../../../lib/guards/flood.ts';
import { ManualSource } from '../../helpers/manual-source.ts';
import { rawSocket } from '../../helpers/raw-socket.ts';
import { startServer, stillServes } from '../../helpers/server.ts';

type Middleware = (packet: unknown[], next: () => void) => void;

/** A socket that records its one middleware and what it emits; `now` is moved by hand. */
function guarded(burst: number, perSecond: number) {
  let middleware: Middleware = () => {};
  const emitted: unknown[][] = [];
  const socket = { use: (fn: Middleware) => (middleware = fn), emit: (...args: unknown[]) => emitted.push(args) };
  const clock = { now: 0 };
  guardFloods(socket as unknown as StreamSocket, { burst, perSecond }, () => clock.now);
  /** Sends one packet; true when it reached the handlers. */
  const send = (...packet: unknown[]): boolean => {
    let passed = false;
    middleware(packet, () => (passed = true));
    return passed;
  };
  return { send, emitted, clock };
}

describe('guardFloods', () => {
  it('lets the burst through, then refuses through the ack without running a handler', () => {
    const { send, emitted } = guarded(2, 1);
    const acks: unknown[] = [];
    const ack = (answer: unknown) => acks.push(answer);
    expect([send('updateTerm', 'a', ack), send('updateTerm', 'b', ack), send('updateTerm', 'c', ack)]).toEqual([true, true, false]);
    expect(acks).toEqual([{ error: CLIENT_ERRORS.tooFast }]);
    expect(emitted).toEqual([]); // the ack said it, so no inputError as well
  });

  it('lets perSecond more through as time passes', () => {
    const { send, clock } = guarded(1, 4);
    expect([send('stopStream'), send('stopStream')]).toEqual([true, false]);
    clock.now += 249; // just short of one token at 4 per second
    expect(send('stopStream')).toBe(false);
    clock.now += 1;
    expect(send('stopStream')).toBe(true);
  });

  it('says "too fast" once per flood when packets carry no ack', () => {
    const { send, emitted, clock } = guarded(1, 1);
    send('stopStream');
    for (let i = 0; i < 10; i += 1) send('stopStream');
    expect(emitted).toEqual([['inputError', CLIENT_ERRORS.tooFast]]);

    // A packet gets through, so the next flood is news again
    clock.now += 1000;
    expect(send('stopStream')).toBe(true);
    send('stopStream');
    expect(emitted).toHaveLength(2);
  });

  it('says "too fast" once through inputError on a real connection, which keeps being served', async () => {
    const server = await startServer(new ManualSource(), { limits: { eventBurst: 5, eventsPerSecond: 1 } });
    const socket = await rawSocket(server.url);
    for (let i = 0; i < 50; i += 1) socket.send('42["stopStream"]');
    await socket.next((frame) => frame === `42["inputError","${CLIENT_ERRORS.tooFast}"]`);
    socket.send('42["stopStream"]');
    expect(socket.frames.filter((frame) => frame.includes(CLIENT_ERRORS.tooFast))).toHaveLength(1);
    socket.close();
    await stillServes(server);
  });
});
