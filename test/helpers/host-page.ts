// Another website, for the embed tests: a second local HTTP server on its own port (so
// its own origin) that serves whatever pages a test gives it, with the headers it gives.
// It closes when the test file is done.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll } from 'vitest';

export interface HostPage {
  body: string;
  type?: string; // text/html unless said
  headers?: Record<string, string>; // a Content-Security-Policy, say
}

export interface HostSite {
  origin: string; // such as http://127.0.0.1:40123
  /** Serves `page` at `path` from now on (replacing what was there). */
  serve(path: string, page: HostPage): void;
}

const open = new Set<http.Server>();
afterAll(async () => {
  await Promise.all(
    [...open].map((server) => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    }),
  );
  open.clear();
});

export async function startHostSite(): Promise<HostSite> {
  const pages = new Map<string, HostPage>();
  const server = http.createServer((req, res) => {
    const page = pages.get(new URL(req.url ?? '/', 'http://host').pathname);
    if (!page) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'Content-Type': page.type ?? 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...page.headers }).end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.add(server);
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    serve: (path, page) => void pages.set(path, page),
  };
}

/** A plain host page that loads the widget from `app` and shows `element` (its HTML) in <main>. */
export function widgetPage(app: string, element: string, head = ''): string {
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>A host page</title>
    <link rel="icon" href="data:,">
    ${head}
    <script type="module" src="${app}/embed.js"></script>
  </head>
  <body>
    <main>
      <h1>A host page</h1>
      ${element}
    </main>
  </body>
</html>`;
}
