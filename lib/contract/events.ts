// The one event contract shared by the server, the browser code and the tests.
// The lesson's names (updateTerm, startStream, stopStream, updatedTerm, tweets) are public API.
import type { ClientOptions } from './auth.ts';

export const SOURCE_NAMES = ['demo', 'file', 'bluesky', 'x'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

/** One post, in the lesson's `tweets` shape plus what a modern card needs. */
export interface Post {
  id: string;
  name: string;
  screen_name: string;
  text: string;
  user_profile_image: string;
  created_at: string; // ISO 8601
  lang: string | null; // BCP 47, as the author declared it
  url: string | null; // the original post, when the source has one
  profile_url?: string | null; // the author's page, when the source has one
  source: SourceName;
  // What the post shows besides its text, when the source has it (lib/sources/post-extras.ts
  // checks every field; the page checks the URLs again before it uses them).
  images?: PostImage[]; // up to 4
  video?: PostVideo;
  card?: LinkCard; // the preview of an external link
  quote?: QuotedPost;
  replyTo?: ReplyTarget;
  sensitive?: boolean; // the author labelled the media (porn, sexual, nudity, graphic-media; X: possibly_sensitive)
  links?: TextLink[]; // spans of `text` that link somewhere, in order, never overlapping
  cursor?: string; // where the post sits in the running stream (<ms>-<seq>), opaque to pages
}

export interface PostImage {
  thumb: string; // shown in the card
  full: string; // opened on click
  alt: string; // the author's description, '' when none
  width?: number; // px, when the source knows the aspect
  height?: number;
}

export interface PostVideo {
  poster: string | null; // a still frame, when the source has one on an allowed host
  url: string; // the original post, where the video plays
  alt: string;
}

export interface LinkCard {
  url: string; // any https address; the page shows only its host and adds rel=nofollow
  host: string;
  title: string;
  description: string;
  thumb: string | null;
}

export interface QuotedPost {
  name: string | null; // null when the source sends only a reference (Bluesky)
  screen_name: string | null;
  text: string | null;
  url: string | null;
}

export interface ReplyTarget {
  screen_name: string | null; // the handle, when the source knows it
  url: string | null; // the parent post
}

/** `start`/`end` are UTF-16 offsets into `text`, as JavaScript's String#slice counts. */
export interface TextLink {
  start: number;
  end: number;
  href: string;
  kind: 'link' | 'mention' | 'tag';
}

/** Acks answer `{ data }` on success and `{ error }` (a short sentence) on failure. */
export type AckResponse<T> = { data: T } | { error: string };
export type Ack<T> = (response: AckResponse<T>) => void;

/** What `updateTerm` accepts: the lesson's bare string, or a string with a language filter. */
export type TermRequest = string | { term: string; lang?: string | null };

export interface FollowedTerm {
  term: string; // normalised, as echoed by `updatedTerm`
  lang: string | null;
}

/** `connecting` until the first connection is up; `reconnecting` after a drop, usually with `retryInMs`. */
export type UpstreamState = 'connecting' | 'live' | 'reconnecting' | 'error';

/** The shared upstream's health, pushed to every page whenever it changes. */
export interface StreamStatus {
  source: SourceName;
  state: UpstreamState;
  message?: string; // a plain sentence for people, never a raw error
  retryInMs?: number;
}

/** How many pages receive a term right now; pushed to the term's room when that changes. */
export interface TermStats {
  term: string;
  lang: string | null;
  watchers: number;
}

/** The shared stream's throughput: to a page as it joins a term, and once a second to clients that asked (`auth.stats`). */
export interface StreamStats {
  scanned: number; // posts the server has matched against every term since it started
}

export interface ServerToClientEvents {
  updatedTerm: (term: string) => void;
  tweets: (post: Post) => void;
  /** Instead of `tweets`, for a client whose handshake `auth` asked for `{ batchMs }`: one window's posts, in order. */
  tweetBatch: (posts: Post[]) => void;
  termStats: (stats: TermStats) => void;
  streamStats: (stats: StreamStats) => void;
  status: (status: StreamStatus) => void;
  /** Sent when a request without an ack is rejected, so the page can still say why. */
  inputError: (message: string) => void;
  /** This page could not keep up, and the server dropped `count` posts for it (lib/guards/slow-consumer.ts). */
  postsSkipped: (count: number) => void;
}

export interface ClientToServerEvents {
  updateTerm: (request: TermRequest, ack?: Ack<FollowedTerm>) => void;
  startStream: (ack?: Ack<{ paused: false }>) => void;
  stopStream: (ack?: Ack<{ paused: true }>) => void;
}

/** Per-socket state, kept in Socket.IO's typed `socket.data`. */
export interface SocketData extends ClientOptions {
  termKey: string | null; // the term this socket follows (lib/delivery/rooms.ts), kept while paused
}
