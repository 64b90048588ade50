// routes/index.ts: GET / renders the search page, labelled with the live source.
import path from 'node:path';
import express from 'express';
import { beforeAll, describe, expect, it } from 'vitest';
import { SOURCE_NAMES, type SourceName } from '../../lib/contract/events.ts';
import { createIndexRouter, SOURCE_LABELS } from '../../routes/index.ts';
import { listen } from '../helpers/listen.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const VIEWS = path.join(import.meta.dirname, '..', '..', 'views');

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

describe('GET /', () => {
  it('serves the search page, labelled with the source', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<form id="search-form"');
    expect(html).toContain('id="slider"');
    expect(html).toContain('Demo data, not real posts');
    expect(html).toContain('<script src="/build/app.js" defer></script>');
  });

  it.each(SOURCE_NAMES.map((name): [SourceName, string] => [name, SOURCE_LABELS[name]]))(
    'labels the %s source "%s"',
    async (sourceName, label) => {
      const app = express().set('views', VIEWS).set('view engine', 'ejs').use(createIndexRouter({ sourceName }));
      const html = await (await fetch(`${await listen(app)}/`)).text();
      expect(html).toContain(`<body data-source="${sourceName}">`);
      expect(html).toContain(`<span id="source-badge" class="badge text-bg-light">${label}</span>`);
    },
  );
});
