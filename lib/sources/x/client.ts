// The X rules endpoints through twitter-api-v2, behind a small interface. Library
// errors carry the outgoing request (with its Authorization header), so they are
// turned into plain XApiErrors here and never logged or passed on whole.
import http from 'node:http';
import { createRequire } from 'node:module';
import { scrubToken } from './scrub.ts';
import type {
  StreamingV2AddRulesParams,
  StreamingV2DeleteRulesParams,
  StreamingV2GetRulesResult,
  StreamingV2Rule,
  StreamingV2UpdateRulesAddResult,
} from 'twitter-api-v2';

// twitter-api-v2 has no "exports" map, so Node's ESM loader gets its CommonJS build,
// whose re-exports (TwitterApiReadOnly among them) it cannot see by name. Require it.
const { ApiResponseError, TwitterApiReadOnly } = createRequire(import.meta.url)('twitter-api-v2') as typeof import('twitter-api-v2');

const RULES_PATH = 'tweets/search/stream/rules';

export interface NewRule {
  value: string;
  tag: string;
}

export interface AddResult {
  created: StreamingV2Rule[];
  refused: Array<{ value: string; reason: string }>; // rules X would not create
}

/** What the rule sync needs from X; tests and the real client both provide it. */
export interface RulesApi {
  list(): Promise<StreamingV2Rule[]>;
  add(rules: NewRule[]): Promise<AddResult>;
  remove(ids: string[]): Promise<void>;
}

/** A failed X call, reduced to what is safe to log: the HTTP status and X's error title, scrubbed of the token. */
export class XApiError extends Error {
  constructor(
    readonly status: number | null, // null for network errors
    readonly title: string,
  ) {
    super(status ? `X API answered ${status}: ${title}` : `X API unreachable: ${title}`);
    this.name = 'XApiError';
  }
}

export function createRulesApi(token: string, apiBase: string): RulesApi {
  // The library speaks https only unless it is handed an http agent (loopback fakes).
  const httpAgent = apiBase.startsWith('http:') ? new http.Agent() : undefined;
  const client = new TwitterApiReadOnly(token, httpAgent ? { httpAgent } : {}).v2;
  const prefix = `${apiBase}/2/`; // the same calls as v2.streamRules / v2.updateStreamRules, on our base
  const update = <T>(body: StreamingV2AddRulesParams | StreamingV2DeleteRulesParams) =>
    client.post<T>(RULES_PATH, body, { prefix });

  return {
    list: () => safely(token, async () => (await client.get<StreamingV2GetRulesResult>(RULES_PATH, undefined, { prefix })).data ?? []),
    add: (rules) =>
      safely(token, async () => {
        const result = await update<StreamingV2UpdateRulesAddResult>({ add: rules });
        const errors = (result.errors ?? []) as Array<{ value?: string; title?: string }>;
        return {
          created: result.data ?? [],
          refused: errors.map((error) => ({ value: String(error.value ?? ''), reason: scrubToken(String(error.title ?? 'refused'), token) })),
        };
      }),
    remove: (ids) =>
      safely(token, async () => {
        await update({ delete: { ids } });
      }),
  };
}

async function safely<T>(token: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof ApiResponseError) {
      const title = (err.data as { title?: unknown } | undefined)?.title;
      // Scrubbed before it is cut short, so no cut can leave part of the token behind
      throw new XApiError(err.code, typeof title === 'string' ? scrubToken(title, token).slice(0, 100) : 'error');
    }
    throw new XApiError(null, 'network error');
  }
}
