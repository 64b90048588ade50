import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createRulesApi, XApiError } from '../../../../lib/sources/x/client.ts';
import { startFakeX, X_BASE, type FakeX } from '../../../helpers/fake-x.ts';

const ROOT = new URL('../../../../', import.meta.url).pathname;
let fake: FakeX | undefined;
afterEach(() => {
  fake?.close();
  fake = undefined;
});

describe('x-client.ts', () => {
  // vitest smooths over CommonJS interop that plain Node does not, so load it for real.
  it('loads under plain Node ESM, as `npm start` runs it', () => {
    const script = "const m = await import('./lib/sources/x/client.ts'); console.log(typeof m.createRulesApi('t', 'https://api.x.com').list);";
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(out.trim()).toBe('function');
  });
});

describe('createRulesApi', () => {
  it('lists, adds and deletes rules with the bearer token', async () => {
    fake = startFakeX();
    const api = createRulesApi('secret-token', X_BASE);
    expect(await api.list()).toEqual([]);
    const { created, refused } = await api.add([{ value: '"cats"', tag: 't1' }, { value: '"reject"', tag: 't2' }]);
    expect(created).toEqual([{ id: '1000', value: '"cats"', tag: 't1' }]);
    expect(refused).toEqual([{ value: '"reject"', reason: 'UnprocessableEntity' }]);
    await api.remove(['1000']);
    expect(fake.rules.size).toBe(0);
    expect(fake.requests.every((text) => text.includes('authorization: Bearer secret-token'))).toBe(true);
  });

  it('turns a refusal into an XApiError with only the status and X\'s title', async () => {
    fake = startFakeX();
    fake.rulesStatus = 401;
    const error = await createRulesApi('secret-token', X_BASE).list().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(XApiError);
    expect(error).toMatchObject({ status: 401, title: 'Unauthorized', message: 'X API answered 401: Unauthorized' });
    expect(JSON.stringify(error) + String(error) + Object.keys(error as object).join()).not.toContain('secret-token');
  });

  it('reports a network failure as an XApiError without a status', async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve)); // nothing listens there now
    const error = await createRulesApi('t', `http://127.0.0.1:${port}`).list().catch((err: unknown) => err);
    expect(error).toMatchObject({ status: null, title: 'network error' });
  });

  it('speaks plain http to a loopback base, such as a local fake', async () => {
    const server = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: [{ id: '1', value: '"cats"', tag: 't' }], meta: { result_count: 1 } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await createRulesApi('t', `http://127.0.0.1:${port}`).list()).toEqual([{ id: '1', value: '"cats"', tag: 't' }]);
    } finally {
      server.close();
    }
  });
});
