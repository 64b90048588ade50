// A fake X API v2 on msw: the filtered stream (each connection a stream the test
// writes to, drops or silences) and the rules endpoints (an in-memory rule list).
// Loopback requests pass through, so Socket.IO and the app still work.
import { http, HttpResponse } from 'msw';
import { setupServer, type SetupServer } from 'msw/node';
import { isLoopback } from '../../config/endpoint.ts';

export const X_BASE = 'https://api.x.com';

export interface StreamConnection {
  url: URL;
  authorization: string | null;
  /** Sends text or raw bytes as one network chunk. */
  send(data: string | Uint8Array): void;
  /** Sends one message line, as X frames them. */
  message(payload: unknown): void;
  keepAlive(): void;
  /** The server ends the response cleanly. */
  close(): void;
  /** The connection breaks mid-stream. */
  fail(): void;
}

export interface RuleCall {
  method: 'GET' | 'POST';
  body: { add?: Array<{ value: string; tag?: string }>; delete?: { ids: string[] } } | null;
}

export interface FakeX {
  msw: SetupServer;
  connections: StreamConnection[];
  streamRequests: number; // every connect, answered 200 or not
  rules: Map<string, { value: string; tag?: string }>; // by id
  ruleCalls: RuleCall[];
  /** Statuses for the next stream connects (then 200s); a body goes with each, sent once `after` settles. */
  streamAnswers: Array<{ status: number; body?: unknown; after?: Promise<unknown> }>;
  /** Status for every rules call while set. */
  rulesStatus: number | null;
  /** The error body rules calls answer with while rulesStatus is set. */
  rulesBody: unknown;
  /** Called with each new stream connection, so a test can script every one (say, close it at once). */
  onConnect: ((connection: StreamConnection) => void) | null;
  /** Every header and body the fake received, for secret-leak checks. */
  requests: string[];
  close(): void;
}

const encoder = new TextEncoder();

/** A post message in X's shape. */
export function xPost(id: string, text: string, tags: string[], fields: { includes?: boolean; authorId?: string } = {}) {
  const authorId = fields.authorId ?? `u${id}`;
  return {
    data: { id, text, author_id: authorId, created_at: '2026-11-23T10:00:00.000Z', lang: 'en' },
    ...(fields.includes === false
      ? {}
      : { includes: { users: [{ id: authorId, name: `Author ${id}`, username: `author${id}`, profile_image_url: `https://pbs.twimg.com/profile_images/${id}.jpg` }] } }),
    matching_rules: tags.map((tag, i) => ({ id: `${i + 1}`, tag })),
  };
}

export function startFakeX(base = X_BASE): FakeX {
  let nextRuleId = 1000;
  const fake: FakeX = {
    msw: undefined as unknown as SetupServer,
    connections: [],
    streamRequests: 0,
    rules: new Map(),
    ruleCalls: [],
    streamAnswers: [],
    rulesStatus: null,
    rulesBody: null,
    onConnect: null,
    requests: [],
    close: () => fake.msw.close(),
  };

  const record = (request: Request, body = '') => {
    fake.requests.push([...request.headers].map(([k, v]) => `${k}: ${v}`).join('\n') + '\n' + request.url + '\n' + body);
  };

  const stream = http.get(`${base}/2/tweets/search/stream`, async ({ request }) => {
    record(request);
    fake.streamRequests += 1;
    const answer = fake.streamAnswers.shift();
    await answer?.after;
    if (answer && answer.status !== 200) {
      return HttpResponse.json(answer.body ?? { title: 'Error', detail: 'fake error' }, { status: answer.status });
    }
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    let open = true;
    const body = new ReadableStream<Uint8Array>({
      start: (c) => void (controller = c),
      cancel: () => void (open = false),
    });
    const send = (data: string | Uint8Array) => {
      if (open) controller.enqueue(typeof data === 'string' ? encoder.encode(data) : data);
    };
    const connection: StreamConnection = {
      url: new URL(request.url),
      authorization: request.headers.get('authorization'),
      send,
      message: (payload) => send(`${JSON.stringify(payload)}\r\n`),
      keepAlive: () => send('\r\n'),
      close: () => {
        if (open) controller.close();
        open = false;
      },
      fail: () => {
        if (open) controller.error(new Error('connection reset'));
        open = false;
      },
    };
    fake.connections.push(connection);
    fake.onConnect?.(connection);
    return new HttpResponse(body, { headers: { 'content-type': 'application/json' } });
  });

  const listRules = http.get(`${base}/2/tweets/search/stream/rules`, ({ request }) => {
    record(request);
    fake.ruleCalls.push({ method: 'GET', body: null });
    if (fake.rulesStatus) return HttpResponse.json(fake.rulesBody ?? { title: 'Unauthorized' }, { status: fake.rulesStatus });
    const data = [...fake.rules].map(([id, rule]) => ({ id, ...rule }));
    return HttpResponse.json({ ...(data.length ? { data } : {}), meta: { sent: new Date().toISOString(), result_count: data.length } });
  });

  const updateRules = http.post(`${base}/2/tweets/search/stream/rules`, async ({ request }) => {
    const text = await request.text();
    record(request, text);
    const body = JSON.parse(text) as NonNullable<RuleCall['body']>;
    fake.ruleCalls.push({ method: 'POST', body });
    if (fake.rulesStatus) return HttpResponse.json(fake.rulesBody ?? { title: 'Unauthorized' }, { status: fake.rulesStatus });
    const meta = { sent: new Date().toISOString() };
    if (body.delete) {
      for (const id of body.delete.ids) fake.rules.delete(id);
      return HttpResponse.json({ meta: { ...meta, summary: { deleted: body.delete.ids.length, not_deleted: 0 } } });
    }
    const created = [];
    const errors = [];
    for (const rule of body.add ?? []) {
      const existing = [...fake.rules].find(([, r]) => r.value === rule.value);
      if (existing) {
        errors.push({ value: rule.value, id: existing[0], title: 'DuplicateRule', type: 'https://api.twitter.com/2/problems/duplicate-rules' });
      } else if (/reject/i.test(rule.value)) { // stands in for a rule X finds invalid
        errors.push({ value: rule.value, title: 'UnprocessableEntity', type: 'https://api.twitter.com/2/problems/invalid-rules' });
      } else {
        const id = String(nextRuleId++);
        fake.rules.set(id, rule);
        created.push({ id, ...rule });
      }
    }
    return HttpResponse.json(
      { ...(created.length ? { data: created } : {}), ...(errors.length ? { errors } : {}), meta: { ...meta, summary: { created: created.length, not_created: errors.length } } },
      { status: 201 },
    );
  });

  fake.msw = setupServer(stream, listRules, updateRules);
  fake.msw.listen({
    onUnhandledRequest: (request, print) => {
      if (isLoopback(new URL(request.url).hostname)) return;
      print.error();
    },
  });
  return fake;
}
