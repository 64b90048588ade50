// Fault suite, raw frames: hostile Engine.IO/Socket.IO packets sent over a raw
// WebSocket. Each row checks the answer, then that a fresh client is still served.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_ERRORS } from '../../lib/contract/errors.ts';
import { ackOf, rawSocket, type RawSocket } from '../helpers/raw-socket.ts';
import { startServer, stillServes, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const raws: RawSocket[] = [];

beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  for (const raw of raws.splice(0)) raw.close();
});

async function raw(): Promise<RawSocket> {
  const socket = await rawSocket(server.url);
  raws.push(socket);
  return socket;
}

const WRONG_TYPES: string[] = [
  '{"a":1}',
  '["cats"]',
  '42',
  'null',
  '{"__proto__":{"x":1}}',
  '{"term":{"toString":1}}',
  '{"term":"cats","lang":{"__proto__":{"x":1}}}',
];

describe('raw frames', () => {
  for (const event of ['updateTerm', 'startStream', 'stopStream']) {
    it(`answers wrong argument types for ${event} with { error } and changes nothing`, async () => {
      const socket = await raw();
      let id = 0;
      for (const json of WRONG_TYPES) {
        id += 1;
        socket.send(`42${id}["${event}",${json}]`);
        const answer = (await ackOf(socket, id)) as { error?: string };
        expect(Object.values(CLIENT_ERRORS)).toContain(answer.error);
      }
      expect(server.hub.index.size).toBe(0);
      expect(({} as Record<string, unknown>).x).toBeUndefined();
      await stillServes(server);
    });
  }

  it('ignores unknown events and keeps the connection', async () => {
    const socket = await raw();
    socket.send('42["constructor",1]');
    socket.send('42["__proto__",{}]');
    socket.send('421["deleteEverything",{}]');
    socket.send('422["updateTerm","cats"]'); // the next known event still works
    expect(await ackOf(socket, 2)).toEqual({ data: { term: 'cats', lang: null } });
    await stillServes(server);
  });

  it('survives an `error` event sent by the client', async () => {
    const socket = await raw();
    socket.send('42["error","boom"]');
    socket.send('42["error",{"message":"boom"}]');
    socket.send('421["updateTerm","cats"]');
    expect(await ackOf(socket, 1)).toEqual({ data: { term: 'cats', lang: null } });
    await stillServes(server);
  });

  for (const [name, frame] of [
    ['an unterminated array', '42['],
    ['a non-numeric packet type', '4abc'],
    ['an event name that is not a string', '42[1,2]'],
    ['an empty event array', '42[]'],
    ['a binary packet that promises attachments it never sends', '451-["updateTerm",{"_placeholder":true,"num":0}]'],
    ['a binary placeholder with a huge index', '451-["updateTerm",{"_placeholder":true,"num":99999999}]'],
  ] as const) {
    it(`closes or ignores only the offending connection on ${name}`, async () => {
      const bystander = await server.client();
      const socket = await raw();
      socket.send(frame);
      if (frame.startsWith('451-')) socket.send(Buffer.from('not what was promised')); // a binary frame
      // Either the server drops the connection or ignores the packet; it never crashes
      const outcome = await Promise.race([socket.closed.then(() => 'closed'), ackProbe(socket)]);
      expect(['closed', 'ignored']).toContain(outcome);
      expect(bystander.connected).toBe(true);
      await stillServes(server);
    });
  }

  it('closes only the connection that sends a frame over the size limit', async () => {
    const bystander = await server.client();
    const socket = await raw();
    socket.send(`42["updateTerm","${'a'.repeat(server.socketIO.limits.maxMessageBytes)}"]`);
    expect(await socket.closed).toBe(1009); // WebSocket "message too big"
    expect(bystander.connected).toBe(true);
    await stillServes(server);
  });
});

// After a bad frame, a good request either gets its answer or finds the socket gone.
async function ackProbe(socket: RawSocket): Promise<'ignored'> {
  socket.send('4299["updateTerm","probe"]');
  await ackOf(socket, 99);
  return 'ignored';
}
