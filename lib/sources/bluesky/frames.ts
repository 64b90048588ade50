// Reads one Jetstream frame: checks its size and shape, and says what it is.
// Every frame is untrusted; anything unexpected becomes a `skip`, never a throw.
import { z } from 'zod';
import type { Post } from '../../contract/events.ts';
import { toPost } from '../post.ts';
import { blueskyExtras, type RecordParts } from './embeds.ts';
import type { Author } from './profiles.ts';

export const MAX_FRAME_BYTES = 64 * 1024; // bytes; a post record is a few KB, so more is not a post we want
export const POST_COLLECTION = 'app.bsky.feed.post';

/** Why a frame was skipped or ignored; each reason is a counter in the source's stats. */
export type SkipReason = 'oversize' | 'notJson' | 'badShape';
export type IgnoreReason = 'delete' | 'update' | 'account' | 'otherCollection' | 'emptyText';

export interface PostEvent {
  type: 'post';
  timeUs: number;
  did: string;
  rkey: string;
  text: string;
  lang: string | null;
  createdAt: string | null;
  parts: RecordParts; // embed, labels, reply and facets, read by embeds.ts
}

export type JetstreamEvent =
  | PostEvent
  | { type: 'identity'; timeUs: number; did: string; handle: string | null }
  | { type: 'ignored'; timeUs: number; reason: IgnoreReason }
  | { type: 'skipped'; reason: SkipReason };

const did = z.string().regex(/^did:[a-z]+:[a-zA-Z0-9._:%-]{1,200}$/);
const rkey = z.string().regex(/^[a-zA-Z0-9._:~-]{1,512}$/);
const timeUs = z.number().int().positive();

// Only what we use is checked; Jetstream adds fields (e.g. a top-level `cursor`) that we ignore.
const envelope = z.object({ did, time_us: timeUs, kind: z.enum(['commit', 'identity', 'account']) });

const commit = z.object({
  operation: z.enum(['create', 'update', 'delete']),
  collection: z.string(),
  rkey,
});

const postRecord = z.object({
  text: z.string(),
  langs: z.array(z.string()).optional().catch(undefined),
  createdAt: z.string().optional().catch(undefined),
  embed: z.unknown().optional(),
  labels: z.unknown().optional(),
  reply: z.unknown().optional(),
  facets: z.unknown().optional(),
});

const identity = z.object({ handle: z.string().max(253).optional().catch(undefined) });

/** Classifies one frame as it came off the socket (`bytes` is its size on the wire). */
export function readFrame(data: string, bytes = Buffer.byteLength(data)): JetstreamEvent {
  if (bytes > MAX_FRAME_BYTES) return { type: 'skipped', reason: 'oversize' };
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    return { type: 'skipped', reason: 'notJson' };
  }
  const head = envelope.safeParse(raw);
  if (!head.success) return { type: 'skipped', reason: 'badShape' };
  const { did: author, time_us, kind } = head.data;
  const body = raw as Record<string, unknown>;

  if (kind === 'account') return { type: 'ignored', timeUs: time_us, reason: 'account' };
  if (kind === 'identity') {
    const parsed = identity.safeParse(body.identity ?? {});
    return { type: 'identity', timeUs: time_us, did: author, handle: parsed.success ? (parsed.data.handle ?? null) : null };
  }

  const change = commit.safeParse(body.commit);
  if (!change.success) return { type: 'skipped', reason: 'badShape' };
  const { operation, collection, rkey: key } = change.data;
  if (collection !== POST_COLLECTION) return { type: 'ignored', timeUs: time_us, reason: 'otherCollection' };
  if (operation !== 'create') return { type: 'ignored', timeUs: time_us, reason: operation };

  const record = postRecord.safeParse((body.commit as Record<string, unknown>).record);
  if (!record.success) return { type: 'skipped', reason: 'badShape' };
  // Image-only posts have no text, so no term can ever match them.
  if (record.data.text.trim() === '') return { type: 'ignored', timeUs: time_us, reason: 'emptyText' };
  return {
    type: 'post',
    timeUs: time_us,
    did: author,
    rkey: key,
    text: record.data.text,
    lang: record.data.langs?.[0] ?? null,
    createdAt: record.data.createdAt ?? null,
    parts: { embed: record.data.embed, labels: record.data.labels, reply: record.data.reply, facets: record.data.facets },
  };
}

/** The subscribe URL for one host, asking only for posts, resuming at `cursor` (µs) when given. */
export function subscribeUrl(base: string, cursor: number | null): string {
  const url = new URL(base);
  url.searchParams.set('wantedCollections', POST_COLLECTION);
  // The server drops bigger frames itself, so an oversize record never reaches us or loops a resume.
  url.searchParams.set('maxMessageSizeBytes', String(MAX_FRAME_BYTES));
  if (cursor === null) url.searchParams.delete('cursor');
  else url.searchParams.set('cursor', String(cursor));
  return url.href;
}

/** The card for a post: links go to bsky.app by DID, which stays valid when the handle changes. */
export function toBlueskyPost(event: PostEvent, author: Author, now: Date): Post | null {
  const id = `${event.did}/${event.rkey}`;
  const profileUrl = `https://bsky.app/profile/${event.did}`;
  const postUrl = `${profileUrl}/post/${event.rkey}`;
  const card = {
    ...blueskyExtras(event.did, event.text, event.parts, postUrl),
    id,
    text: event.text,
    name: author.name,
    screen_name: author.handle,
    user_profile_image: author.avatar,
    created_at: event.createdAt ?? undefined,
    lang: event.lang,
    url: postUrl,
    profile_url: profileUrl,
  };
  return toPost(card, 'bluesky', id, now);
}
