// A raw Engine.IO v4 / Socket.IO v5 client over `ws`, for sending frames no real client
// would: `42[`, `4abc`, wrong types. It answers pings so the server keeps it open.
import WebSocket, { type ClientOptions } from 'ws';

export interface RawSocket {
  ws: WebSocket;
  /** Every text frame received, in order. */
  frames: string[];
  send(frame: string | Buffer): void;
  /** Resolves with the first received frame (from now on, or already seen) that passes `test`. */
  next(test: (frame: string) => boolean): Promise<string>;
  /** Resolves with the close code once the server closes the connection. */
  closed: Promise<number>;
  close(): void;
}

export interface RawOptions {
  origin?: string;
  connect?: boolean; // send the Socket.IO CONNECT packet `40` and wait for its answer (default true)
  ws?: ClientOptions; // more `ws` options: headers, the local address to connect from, TLS
}

export async function rawSocket(url: string, { origin, connect = true, ws: options = {} }: RawOptions = {}): Promise<RawSocket> {
  const wsUrl = `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  const ws = new WebSocket(wsUrl, { ...(origin ? { origin } : {}), ...options });
  const frames: string[] = [];
  const waiters: Array<{ test: (frame: string) => boolean; resolve: (frame: string) => void }> = [];
  let seen = 0;

  ws.on('message', (data) => {
    const frame = data.toString();
    if (frame === '2') return ws.send('3'); // ping -> pong
    frames.push(frame);
    for (const waiter of [...waiters]) {
      if (waiter.test(frame)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(frame);
      }
    }
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));

  const socket: RawSocket = {
    ws,
    frames,
    send: (frame) => ws.send(frame),
    next(test) {
      const found = frames.slice(seen).find(test);
      if (found !== undefined) {
        seen = frames.indexOf(found, seen) + 1;
        return Promise.resolve(found);
      }
      return new Promise((resolve) =>
        waiters.push({
          test,
          resolve: (frame) => {
            seen = frames.length;
            resolve(frame);
          },
        }),
      );
    },
    closed,
    close: () => ws.close(),
  };

  await new Promise<void>((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => reject(new Error(`handshake refused: ${res.statusCode} ${body}`)));
    });
  });
  await socket.next((frame) => frame.startsWith('0{')); // Engine.IO OPEN
  if (connect) {
    socket.send('40');
    await socket.next((frame) => frame.startsWith('40'));
  }
  return socket;
}

/** The ack frame `43<id>[...]` for ack id `id`, parsed. */
export async function ackOf(socket: RawSocket, id: number): Promise<unknown> {
  const frame = await socket.next((f) => f.startsWith(`43${id}[`));
  return (JSON.parse(frame.slice(`43${id}`.length)) as unknown[])[0];
}
