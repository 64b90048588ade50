// The fan-out workload shared by the bench's server and load children: term `i` is the
// word `benchNNNNN`, and the replay file's post `i` carries that word among realistic
// filler, so each post matches exactly one term and each term gets its share of posts.
import { writeFileSync } from 'node:fs';
import { posts, vocabulary } from './fixture.ts';

export const termWord = (i: number) => `bench${String(i).padStart(5, '0')}`;
/** The real app's room for term `i` (see lib/delivery/rooms.ts), plain or batched (lib/delivery/batcher.ts). */
export const appRoom = (i: number) => `term:*:${termWord(i)}`;
export const batchRoom = (i: number, batchMs: number) => `batch:${batchMs}:${appRoom(i)}`;
/** The bare reference's room for term `i`. */
export const termRoom = (i: number) => `t${i}`;

/** Post ids are `bench-<i>`, with `~<loop>` added by the file source on later passes. */
export function termIndexOf(id: string): number {
  return Number.parseInt(id.slice('bench-'.length), 10);
}

/** Writes a JSON-lines replay file with one post per term; returns its path. */
export function writeReplayFile(path: string, terms: number): string {
  const filler = posts(terms, vocabulary(), 17);
  const lines = filler.map(({ text }, i) =>
    JSON.stringify({ id: `bench-${i}`, name: 'Bench Author', screen_name: 'bench', text: `${text} ${termWord(i)}`, lang: 'en' }),
  );
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}
