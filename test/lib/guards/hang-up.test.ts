import { describe, expect, it } from 'vitest';
import { hangUp } from '../../../lib/guards/hang-up.ts';

function connection(transportName: string) {
  const calls: string[] = [];
  return {
    calls,
    conn: {
      close: (discard?: boolean) => calls.push(`close(${discard})`),
      transport: { name: transportName, socket: { terminate: () => calls.push('terminate') } },
    },
  };
}

describe('hangUp', () => {
  it('discards the queue and terminates a WebSocket at once, not waiting for a close handshake', () => {
    const { conn, calls } = connection('websocket');
    hangUp(conn);
    expect(calls).toEqual(['close(true)', 'terminate']);
  });

  it('only closes a polling connection, which has no socket of its own to drop', () => {
    const { conn, calls } = connection('polling');
    hangUp(conn);
    expect(calls).toEqual(['close(true)']);
  });
});
