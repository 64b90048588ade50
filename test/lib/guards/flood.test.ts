// lib/guards/flood.ts: past its burst and rate a connection's packets are dropped before
// any handler runs, answered "too fast" through the ack (or said once when there is no
// ack), then dropped silently, and a connection that keeps flooding is closed. The budget
// is the connection's, whichever namespace socket spends it, and a join spends it too.
import { describe, expect, it, vi } from 'vitest';
import { CLIENT_ERRORS } from '../../../lib/contract/errors.ts';
import { ANSWERED_REFUSALS, createFloodGuard, REFUSAL_WINDOW_MS, type FloodLimits } from '../../../lib/guards/flood.ts';
import { ManualSource } from '../../helpers/manual-source.ts';
import { ackOf, rawSocket } from '../../helpers/raw-socket.ts';
import { startServer, stillServes } from '../../helpers/server.ts';

type Middleware = (packet: unknown[], next: () => void) => void;

/** A connection that records whether it was closed. */
function connection() {
  return { closed: false, close() { this.closed = true; } };
}

/** A guard with `now` moved by hand, and namespace sockets on connections of our choosing. */
function guarded({ burst, perSecond, refusalsBeforeClose = 1_000 }: Partial<FloodLimits> & { burst: number; perSecond: number }) {
  const clock = { now: 0 };
  const guard = createFloodGuard({ burst, perSecond, refusalsBeforeClose }, () => clock.now);
  /** A namespace socket on `conn`; `send` returns true when the packet reached the handlers. */
  const socket = (conn = connection()) => {
    let middleware: Middleware = () => {};
    const emitted: unknown[][] = [];
    guard.guard({ conn, use: (fn: Middleware) => (middleware = fn), emit: (...args: unknown[]) => emitted.push(args) } as never);
    const send = (...packet: unknown[]): boolean => {
      let passed = false;
      middleware(packet, () => (passed = true));
      return passed;
    };
    return { conn, send, emitted };
  };
  return { guard, socket, clock };
}

describe('createFloodGuard', () => {
  it('lets the burst through, then refuses through the ack without running a handler', () => {
    const { send, emitted } = guarded({ burst: 2, perSecond: 1 }).socket();
    const acks: unknown[] = [];
    const ack = (answer: unknown) => acks.push(answer);
    expect([send('updateTerm', 'a', ack), send('updateTerm', 'b', ack), send('updateTerm', 'c', ack)]).toEqual([true, true, false]);
    expect(acks).toEqual([{ error: CLIENT_ERRORS.tooFast }]);
    expect(emitted).toEqual([]); // the ack said it, so no inputError as well
  });

  it('lets perSecond more through as time passes', () => {
    const { socket, clock } = guarded({ burst: 1, perSecond: 4 });
    const { send } = socket();
    expect([send('stopStream'), send('stopStream')]).toEqual([true, false]);
    clock.now += 249; // just short of one token at 4 per second
    expect(send('stopStream')).toBe(false);
    clock.now += 1;
    expect(send('stopStream')).toBe(true);
  });

  it('says "too fast" once per flood when packets carry no ack', () => {
    const { socket, clock } = guarded({ burst: 1, perSecond: 1 });
    const { send, emitted } = socket();
    send('stopStream');
    for (let i = 0; i < 5; i += 1) send('stopStream');
    expect(emitted).toEqual([['inputError', CLIENT_ERRORS.tooFast]]);

    // A packet gets through, so the next flood is news again
    clock.now += 1000;
    expect(send('stopStream')).toBe(true);
    send('stopStream');
    expect(emitted).toHaveLength(2);
  });

  it(`answers the first ${ANSWERED_REFUSALS} refusals in a window, then drops the rest silently`, () => {
    const { socket, clock } = guarded({ burst: 1, perSecond: 0.001 });
    const { send, conn } = socket();
    send('stopStream');
    const acks: unknown[] = [];
    for (let i = 0; i < 50; i += 1) send('stopStream', (answer: unknown) => acks.push(answer));
    expect(acks).toHaveLength(ANSWERED_REFUSALS);
    expect(conn.closed).toBe(false);

    // A new window: the sender is told again
    clock.now += REFUSAL_WINDOW_MS;
    send('stopStream', (answer: unknown) => acks.push(answer));
    expect(acks).toHaveLength(ANSWERED_REFUSALS + 1);
  });

  it('closes the connection at refusalsBeforeClose refusals in one window, and not when they are spread out', () => {
    const spread = guarded({ burst: 1, perSecond: 0.001, refusalsBeforeClose: 5 });
    const calm = spread.socket();
    for (let i = 0; i < 20; i += 1) {
      calm.send('stopStream');
      spread.clock.now += REFUSAL_WINDOW_MS / 4; // at most four refusals in any one window
    }
    expect(calm.conn.closed).toBe(false);

    const { send, conn } = guarded({ burst: 1, perSecond: 0.001, refusalsBeforeClose: 5 }).socket();
    for (let i = 0; i < 5; i += 1) send('stopStream');
    expect(conn.closed).toBe(false); // the burst, then four refusals
    send('stopStream');
    expect(conn.closed).toBe(true);
  });

  it('keeps one budget per connection, however many times it joins', () => {
    const { socket } = guarded({ burst: 3, perSecond: 0.001 });
    const conn = connection();
    const first = socket(conn);
    expect([first.send('stopStream'), first.send('stopStream')]).toEqual([true, true]);
    const rejoined = socket(conn); // `41` then `40`: a new namespace socket on the same connection
    expect([rejoined.send('stopStream'), rejoined.send('stopStream')]).toEqual([true, false]);
    expect(socket().send('stopStream')).toBe(true); // another connection has its own budget
  });

  it('charges a token for each join, and refuses a join once the budget is spent', () => {
    const { guard, socket } = guarded({ burst: 2, perSecond: 0.001, refusalsBeforeClose: 2 });
    const conn = connection();
    expect([guard.admitJoin(conn), guard.admitJoin(conn), guard.admitJoin(conn)]).toEqual([true, true, false]);
    expect(socket(conn).send('stopStream')).toBe(false);
    expect(conn.closed).toBe(true); // two refusals: a join and a packet
  });
});

describe('on a real connection', () => {
  it('says "too fast" once through inputError, and the connection keeps being served', async () => {
    const server = await startServer(new ManualSource(), { limits: { eventBurst: 5, eventsPerSecond: 1 } });
    const socket = await rawSocket(server.url);
    for (let i = 0; i < 50; i += 1) socket.send('42["stopStream"]');
    await socket.next((frame) => frame === `42["inputError","${CLIENT_ERRORS.tooFast}"]`);
    socket.send('42["stopStream"]');
    expect(socket.frames.filter((frame) => frame.includes(CLIENT_ERRORS.tooFast))).toHaveLength(1);
    socket.close();
    await stillServes(server);
  });

  it('gives no fresh budget to a socket that leaves and re-joins the namespace (41, then 40)', async () => {
    const server = await startServer(new ManualSource(), { limits: { eventBurst: 4, eventsPerSecond: 0.001 } });
    const socket = await rawSocket(server.url); // the join took one token
    socket.send('421["stopStream"]');
    expect(await ackOf(socket, 1)).toEqual({ data: { paused: true } });
    const rejoin = async () => {
      socket.send('41');
      await vi.waitFor(() => expect(server.io.of('/').sockets.size).toBe(0));
      socket.send('40');
    };
    await rejoin();
    await socket.next((frame) => frame.startsWith('40{')); // the second join took another
    socket.send('422["stopStream"]');
    socket.send('423["stopStream"]');
    // (a refusal is answered before any handler runs, so ack 3 may come first)
    expect(await Promise.all([ackOf(socket, 2), ackOf(socket, 3)])).toEqual([{ data: { paused: true } }, { error: CLIENT_ERRORS.tooFast }]);
    await rejoin();
    expect(await socket.next((frame) => frame.startsWith('44'))).toBe(`44{"message":"${CLIENT_ERRORS.tooFast}"}`);
  });
});
