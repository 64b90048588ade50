// Reads the environment once, validates it, and exports it typed and frozen.
// Nothing else in the app reads process.env.
import { z } from 'zod';
import { SOURCE_NAMES } from '../lib/events.ts';
import { httpEndpoint } from './endpoint.ts';

// Settings whose values must never be echoed, not even in a start-up error.
const SECRETS = new Set(['X_BEARER_TOKEN']);

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('localhost'),
    STREAM_SOURCE: z.enum(SOURCE_NAMES).default('demo'),
    STREAM_FILE: z.string().min(1).optional(),
    STREAM_RATE: z.coerce.number().positive().max(10_000).default(10),
    STREAM_SEED: z.coerce.number().int().default(42),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    X_BEARER_TOKEN: z.string().min(1).optional(),
    X_API_BASE: httpEndpoint('https://api.x.com'),
  })
  .superRefine((env, ctx) => {
    if (env.STREAM_SOURCE === 'file' && !env.STREAM_FILE) {
      ctx.addIssue({ code: 'custom', path: ['STREAM_FILE'], message: 'is required when STREAM_SOURCE=file' });
    }
    if (env.STREAM_SOURCE === 'x' && !env.X_BEARER_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['X_BEARER_TOKEN'], message: 'is required when STREAM_SOURCE=x (an X API app bearer token)' });
    }
  });

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
    throw new ConfigError(`Invalid setting ${name}: ${describe(issue, SECRETS.has(name) ? '[hidden]' : env[name])}`);
  }
  return Object.freeze(result.data);
}

function describe(issue: z.core.$ZodIssue, value: string | undefined): string {
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return `"${value}" is not one of ${issue.values.join(', ')}`;
  }
  if (issue.code === 'custom') return issue.message;
  return `"${value}" is not valid (${issue.message})`;
}
