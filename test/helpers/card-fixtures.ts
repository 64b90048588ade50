// Posts built from the recorded upstream payloads in test/fixtures/, through the real
// decoders, so unit and browser tests see the cards a live source would send.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Post } from '../../lib/contract/events.ts';
import { readFrame, toBlueskyPost } from '../../lib/sources/bluesky/frames.ts';
import { decodeLine } from '../../lib/sources/x/decode.ts';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');
const AUTHOR = { name: 'Bluesky', handle: 'bsky.app', avatar: '/avatars/0.svg' };

/** A Jetstream frame from test/fixtures/jetstream/<name>.json, as the Bluesky source turns it into a post. */
export function blueskyFixture(name: string): Post {
  const event = readFrame(readFileSync(path.join(FIXTURES, 'jetstream', `${name}.json`), 'utf8'));
  if (event.type !== 'post') throw new Error(`${name} is not a post`);
  return toBlueskyPost(event, AUTHOR, new Date())!;
}

/** A stream line from test/fixtures/x/<name>.json, as the X source decodes it. */
export function xFixture(name: string): Post {
  const json = JSON.parse(readFileSync(path.join(FIXTURES, 'x', `${name}.json`), 'utf8')) as unknown;
  const message = decodeLine(JSON.stringify(json));
  if (message.kind !== 'post') throw new Error(`${name} is not a post`);
  return message.post;
}
