// Picks the upstream named by STREAM_SOURCE. Adding a source means one file and one case here.
import type { Config } from './env.ts';
import { BlueskySource } from '../lib/sources/bluesky/stream.ts';
import { DemoSource } from '../lib/sources/demo.ts';
import { FileSource } from '../lib/sources/file.ts';
import { silentLogger, type Logger } from '../lib/support/logger.ts';
import type { StreamSource } from '../lib/sources/source.ts';
import { XSource } from '../lib/sources/x/stream.ts';

export function createSource(config: Config, { logger = silentLogger() }: { logger?: Logger } = {}): StreamSource {
  switch (config.STREAM_SOURCE) {
    case 'demo':
      return new DemoSource({ rate: config.STREAM_RATE, seed: config.STREAM_SEED });
    case 'file':
      return new FileSource({ path: config.STREAM_FILE!, rate: config.STREAM_RATE });
    case 'bluesky':
      return new BlueskySource({
        urls: config.JETSTREAM_URLS,
        profileApi: config.BSKY_PUBLIC_API,
        timing: { maxRewindMs: config.JETSTREAM_MAX_REWIND_MINUTES * 60_000 },
      });
    case 'x':
      return new XSource({
        token: config.X_BEARER_TOKEN!,
        apiBase: config.X_API_BASE,
        logger,
        maxPostsPerDay: config.X_MAX_POSTS_PER_DAY,
        newTermsPerAddress: config.X_NEW_TERMS_PER_ADDRESS,
        termsPerAddress: config.X_TERMS_PER_ADDRESS,
      });
    default:
      throw new Error(`STREAM_SOURCE=${config.STREAM_SOURCE} is not available yet`);
  }
}
