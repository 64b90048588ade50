// Reads the environment once, validates it, and exports it typed and frozen.
// Nothing else in the app reads process.env.
import { z } from 'zod';
import { SOURCE_NAMES } from '../lib/contract/events.ts';
import { trustEntryProblem } from '../lib/guards/client-address.ts';
import { parseEmbedOrigins, type EmbedOrigins } from '../lib/guards/embed-origins.ts';
import { defaultOrigins, parseOrigins } from '../lib/guards/origins.ts';
import { DEFAULT_MAX_POSTS_PER_DAY } from '../lib/sources/x/daily-cap.ts';
import { DEFAULT_SHARES } from '../lib/sources/x/shares.ts';
import { endpoint } from './endpoint.ts';
import { MIN_TOKEN_LENGTH } from '../lib/ingest/tokens.ts';
import { MAX_POSTS_PER_BODY } from '../lib/ingest/body.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const JETSTREAM_HOSTS = ['jetstream1.us-east', 'jetstream2.us-east', 'jetstream1.us-west', 'jetstream2.us-west'];
const jetstreamUrl = endpoint('wss:', 'ws:', (url) =>
  url.pathname.endsWith('/subscribe') ? null : `"${url.href}" must end in /subscribe`,
);

// redis:// or rediss://; the value is never echoed, since it may hold a password
const redisUrl = z.string().refine((value) => {
  try {
    return ['redis:', 'rediss:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}, 'must be a redis:// or rediss:// URL');

const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('localhost'),
    STREAM_SOURCE: z.enum(SOURCE_NAMES).default('demo'),
    STREAM_FILE: z.string().min(1).optional(),
    // A timer cannot fire more than once a millisecond, so 1,000 posts/s is the most one source can pace
    STREAM_RATE: z.coerce.number().min(0.01).max(1000).default(10),
    STREAM_SEED: z.coerce.number().int().default(42),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    JETSTREAM_URLS: z
      .string()
      .default(JETSTREAM_HOSTS.map((host) => `wss://${host}.bsky.network/subscribe`).join(','))
      .transform((list) => list.split(',').filter((url) => url.trim() !== ''))
      .pipe(z.array(jetstreamUrl).min(1, 'needs at least one wss://…/subscribe URL'))
      .transform((urls) => Object.freeze(urls)),
    BSKY_PUBLIC_API: endpoint('https:', 'http:').default('https://public.api.bsky.app'),
    // After an outage, replay at most this much of what was missed: older posts are not live news, and a
    // days-long replay would flood every page (and the profile API); a day is about what Jetstream keeps
    JETSTREAM_MAX_REWIND_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
    // Security and limits (see README, "Security and limits")
    ALLOWED_ORIGINS: z.string().optional(), // comma-separated; unset means the app's own origin
    // Proxies (addresses, CIDRs) whose X-Forwarded-For/-Proto are believed; unset trusts nobody, since
    // anyone can send those headers and would otherwise pick the address the per-address cap counts
    TRUST_PROXY: z
      .string()
      .default('')
      .transform((list) => list.split(',').map((entry) => entry.trim()).filter((entry) => entry !== ''))
      .superRefine((entries, ctx) => {
        const problem = entries.map(trustEntryProblem).find((found) => found !== null);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .transform((entries) => Object.freeze(entries)),
    // Other sites that may embed the live search (<stream-search>, /embed): comma-separated origins or *; unset means none
    EMBED_ORIGINS: z.string().optional(),
    MAX_MESSAGE_BYTES: z.coerce.number().int().min(512).max(1_048_576).default(4096),
    SOCKET_EVENT_BURST: z.coerce.number().int().min(1).max(10_000).default(20),
    SOCKET_EVENTS_PER_SECOND: z.coerce.number().positive().max(10_000).default(5),
    MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(20),
    // Every connection costs memory and a file descriptor; the bench's 15,000-socket fan-out fits under the default
    MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
    // Each distinct followed term is matched against every post, so their number is bounded too
    MAX_TERMS: z.coerce.number().int().min(1).max(1_000_000).default(5_000),
    // A connection that has not joined the namespace by then is closed, so bare handshakes cannot hold slots
    JOIN_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
    // A client that keeps flooding after being told "too fast" is not a page that misbehaved once
    SOCKET_REFUSALS_BEFORE_CLOSE: z.coerce.number().int().min(1).max(1_000_000).default(100),
    FOLLOW_DEBOUNCE_MS: z.coerce.number().int().min(0).max(60_000).default(500),
    MAX_QUEUED_POSTS: z.coerce.number().int().min(1).max(100_000).default(100),
    // Every packet waiting for one client (acks, errors, stats too): past it, after its posts, it is closed.
    // Above the ~2,900 acks one 64 KB network read of the shortest acked events can queue: only a client that stops reading gets there
    MAX_QUEUED_PACKETS: z.coerce.number().int().min(2).max(1_000_000).default(5_000),
    // The same in payload bytes: two full 500-post batches fit, so a merely busy page loses nothing
    MAX_QUEUED_BYTES: z.coerce.number().int().min(65_536).max(268_435_456).default(1_048_576),
    // Turns on GET /admin and GET /metrics (HTTP Basic, user `admin`). 12+ characters: a guessed
    // password sees every post and the whole server, and Basic auth has no lockout of its own
    ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').max(200).optional(),
    // GET /metrics without the password, bound to 127.0.0.1 only, for a scraper on this machine
    METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    X_BEARER_TOKEN: z.string().min(1).optional(),
    X_API_BASE: endpoint('https:', 'http:').default('https://api.x.com'),
    // X bills each post it delivers: a spend cap, after which the stream waits for the next UTC day
    X_MAX_POSTS_PER_DAY: z.coerce.number().int().min(1).max(100_000_000).default(DEFAULT_MAX_POSTS_PER_DAY),
    // Each address's share of X's 100 rule changes per 15 minutes: new terms it may start per 15 minutes
    X_NEW_TERMS_PER_ADDRESS: z.coerce.number().int().min(1).max(100).default(DEFAULT_SHARES.newTermsPerWindow),
    // Each address's share of X's 1,000 rules: terms it may hold at once
    X_TERMS_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000).default(DEFAULT_SHARES.termsHeld),
    // The push API (POST /api/posts) is on only with tokens: long random secrets, so none can be guessed
    INGEST_TOKENS: z
      .string()
      .default('')
      .transform((list) => list.split(',').map((token) => token.trim()).filter((token) => token !== ''))
      .pipe(
        z.array(
          z
            .string()
            .min(MIN_TOKEN_LENGTH, `each token must be at least ${MIN_TOKEN_LENGTH} characters (make one with: openssl rand -hex 32)`)
            .regex(/^[\x21-\x7e]+$/, 'each token must be printable ASCII with no spaces'),
        ),
      )
      .transform((tokens) => Object.freeze(tokens)),
    // Each push token's rate in posts per second, and the burst it may send at once after a rest
    INGEST_RATE: z.coerce.number().positive().max(100_000).default(50),
    // A body with more posts than this is refused (413) whatever the wait; the default lets two full 500-post bodies through at once
    INGEST_BURST: z.coerce.number().int().min(1).max(1_000_000).default(2 * MAX_POSTS_PER_BODY),
    // Cluster mode (README, "Cluster mode"): set, and nodes share one upstream reader and its posts through Redis
    REDIS_URL: redisUrl.optional(),
    // Names this node in /healthz, logs and the presence records; unset, a name is made from the host and process
    NODE_ID: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1 to 64 letters, digits, dots, dashes or underscores').optional(),
    // How long a leader that stopped answering keeps the upstream before another node takes it (renewed every third)
    CLUSTER_LEASE_MS: z.coerce.number().int().min(300).max(60_000).default(5_000),
    // How often a node writes its presence (terms, viewers); a dead node's records expire after three of these
    CLUSTER_HEARTBEAT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
    // Posts the cluster's Redis Stream keeps (about, MAXLEN ~): minutes of posts, enough for a resume, never unbounded
    CLUSTER_STREAM_MAXLEN: z.coerce.number().int().min(100).max(10_000_000).default(10_000),
  })
  .superRefine((env, ctx) => {
    if (env.STREAM_SOURCE === 'file' && !env.STREAM_FILE) {
      ctx.addIssue({ code: 'custom', path: ['STREAM_FILE'], message: 'is required when STREAM_SOURCE=file' });
    }
    if (env.STREAM_SOURCE === 'x' && !env.X_BEARER_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['X_BEARER_TOKEN'], message: 'is required when STREAM_SOURCE=x (an X API app bearer token)' });
    }
    if (env.MAX_QUEUED_PACKETS <= env.MAX_QUEUED_POSTS) {
      ctx.addIssue({ code: 'custom', path: ['MAX_QUEUED_PACKETS'], message: `must be more than MAX_QUEUED_POSTS (${env.MAX_QUEUED_POSTS}), so posts alone never close a connection` });
    }
    if (env.METRICS_PORT !== undefined && env.METRICS_PORT === env.PORT) {
      ctx.addIssue({ code: 'custom', path: ['METRICS_PORT'], message: `must differ from PORT (${env.PORT})` });
    }
    if (env.ALLOWED_ORIGINS !== undefined && parseOrigins(env.ALLOWED_ORIGINS) === null) {
      ctx.addIssue({ code: 'custom', path: ['ALLOWED_ORIGINS'], message: 'must be comma-separated origins such as https://search.example.com' });
    }
    if (parseEmbedOrigins(env.EMBED_ORIGINS) === null) {
      ctx.addIssue({ code: 'custom', path: ['EMBED_ORIGINS'], message: 'must be * or comma-separated origins such as https://blog.example.org' });
    }
  })
  .transform(({ ALLOWED_ORIGINS, EMBED_ORIGINS, ...env }) => ({
    ...env,
    ALLOWED_ORIGINS: ALLOWED_ORIGINS ? parseOrigins(ALLOWED_ORIGINS)! : defaultOrigins(env.HOST, env.PORT),
    EMBED_ORIGINS: parseEmbedOrigins(EMBED_ORIGINS)! as EmbedOrigins,
  }));

export type Config = Readonly<z.infer<typeof schema>>;

/** Thrown with one line that names the setting and what is wrong with it. */
export class ConfigError extends Error {}

/** Validates an environment; empty values count as unset, so `PORT=` means the default. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`Invalid setting ${name}: ${describe(issue, name, env[name])}`);
  }
  return Object.freeze(result.data);
}

/** The settings Socket.IO's guards read (config/socketio.ts), by their own names. */
export interface SocketLimits {
  allowedOrigins: readonly string[]; // ALLOWED_ORIGINS
  embedOrigins: EmbedOrigins; // EMBED_ORIGINS: other sites whose pages may open the widget's socket
  maxMessageBytes: number; // MAX_MESSAGE_BYTES: a bigger frame closes that connection
  eventBurst: number; // SOCKET_EVENT_BURST
  eventsPerSecond: number; // SOCKET_EVENTS_PER_SECOND
  maxConnectionsPerIp: number; // MAX_CONNECTIONS_PER_IP: joined connections from one address (an IPv6 /64)
  trustProxy: readonly string[]; // TRUST_PROXY: proxies whose X-Forwarded-For names the client
  maxConnections: number; // MAX_CONNECTIONS: Engine.IO connections in the process, joined or not
  maxTerms: number; // MAX_TERMS: distinct terms followed at once
  joinTimeoutMs: number; // JOIN_TIMEOUT_MS: a connection that has not joined the namespace by then is closed
  refusalsBeforeClose: number; // SOCKET_REFUSALS_BEFORE_CLOSE: "too fast" refusals in 10 s that close a connection
  followDebounceMs: number; // FOLLOW_DEBOUNCE_MS
  maxQueuedPosts: number; // MAX_QUEUED_POSTS: messages (a post or a batch) waiting for one socket
  maxQueuedPackets: number; // MAX_QUEUED_PACKETS: packets of any kind waiting for one socket
  maxQueuedBytes: number; // MAX_QUEUED_BYTES: their payload bytes
}

export function limitsFrom(config: Config): SocketLimits {
  return {
    allowedOrigins: config.ALLOWED_ORIGINS,
    embedOrigins: config.EMBED_ORIGINS,
    maxMessageBytes: config.MAX_MESSAGE_BYTES,
    eventBurst: config.SOCKET_EVENT_BURST,
    eventsPerSecond: config.SOCKET_EVENTS_PER_SECOND,
    maxConnectionsPerIp: config.MAX_CONNECTIONS_PER_IP,
    trustProxy: config.TRUST_PROXY,
    maxConnections: config.MAX_CONNECTIONS,
    maxTerms: config.MAX_TERMS,
    joinTimeoutMs: config.JOIN_TIMEOUT_MS,
    refusalsBeforeClose: config.SOCKET_REFUSALS_BEFORE_CLOSE,
    followDebounceMs: config.FOLLOW_DEBOUNCE_MS,
    maxQueuedPosts: config.MAX_QUEUED_POSTS,
    maxQueuedPackets: config.MAX_QUEUED_PACKETS,
    maxQueuedBytes: config.MAX_QUEUED_BYTES,
  };
}

/** The defaults above, for callers (tests, tools) without a config. */
export const DEFAULT_LIMITS: SocketLimits = Object.freeze(limitsFrom(loadConfig({})));

// A setting that holds a secret is never echoed back, not even in a start-up error.
const SECRET_SETTING = /TOKEN|SECRET|PASSWORD|KEY/i;

/** For entry points (bin/): the config, or its one-line complaint on stderr and exit code 1. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}

function describe(issue: z.core.$ZodIssue, name: string, raw: string | undefined): string {
  const value = SECRET_SETTING.test(name) ? '[redacted]' : raw;
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return `"${value}" is not one of ${issue.values.join(', ')}`;
  }
  if (issue.code === 'custom') return issue.message;
  return `"${value}" is not valid (${issue.message})`;
}
