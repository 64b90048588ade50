// Serves one request handler (an Express app or a router under test) on port 0 for the
// current test, and closes it when the test finishes. Call it inside a test or a
// beforeEach: vitest's onTestFinished throws anywhere else, which is the point.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

/** Resolves with the base URL, such as http://127.0.0.1:40123. */
export async function listen(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  onTestFinished(() => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections(); // fetch keeps connections alive; close() alone would wait for them
    return closed;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
