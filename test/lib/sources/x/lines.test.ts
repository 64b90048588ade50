import { ETwitterStreamEvent, TwitterApi, type TweetV2SingleStreamResult } from 'twitter-api-v2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LineDecoder, MAX_LINE_CHARS, type LineSplit } from '../../../../lib/sources/x/lines.ts';
import { seededRandom } from '../../../../lib/support/random.ts';
import { settle } from '../../../helpers/server.ts';
import { startFakeX, type FakeX } from '../../../helpers/fake-x.ts';

const encoder = new TextEncoder();
const EMOJI = {
  'a 4-byte emoji': '😀', // U+1F600, F0 9F 98 80
  'a ZWJ family emoji': '👩‍👩‍👧‍👦', // four 4-byte people joined by 3-byte ZWJs
} as const;

/** One stream line holding `text`, its bytes, and where the emoji's bytes start and end. */
function lineAround(emoji: string) {
  const text = `cats ${emoji} rule`;
  const line = JSON.stringify({ data: { id: '1', text } });
  const bytes = encoder.encode(`${line}\r\n`);
  const start = encoder.encode(line.slice(0, line.indexOf(emoji))).length;
  return { text, line, bytes, start, end: start + encoder.encode(emoji).length };
}

describe('LineDecoder', () => {
  it.each(Object.entries(EMOJI))('keeps %s intact when a chunk boundary falls at any of its bytes', (_, emoji) => {
    const { line, bytes, start, end } = lineAround(emoji);
    for (let cut = start; cut <= end; cut += 1) {
      const decoder = new LineDecoder();
      const lines = [...decoder.push(bytes.subarray(0, cut)).lines, ...decoder.push(bytes.subarray(cut)).lines];
      expect(lines, `cut at byte ${cut}`).toEqual([line]);
    }
  });

  it('keeps text intact when every byte arrives in its own chunk', () => {
    const { line, bytes } = lineAround(EMOJI['a ZWJ family emoji']);
    const decoder = new LineDecoder();
    const lines = [...bytes].flatMap((byte) => decoder.push(Uint8Array.of(byte)).lines);
    expect(lines).toEqual([line]);
  });

  it('returns keep-alives as blank lines, even when \\r and \\n arrive apart', () => {
    const decoder = new LineDecoder();
    expect(decoder.push(encoder.encode('\r\n\r')).lines).toEqual(['']);
    expect(decoder.push(encoder.encode('\n{"a":1}\r\n')).lines).toEqual(['', '{"a":1}']);
  });

  it('drops a line longer than the bound and reads the next one', () => {
    const decoder = new LineDecoder();
    const huge = 'x'.repeat(MAX_LINE_CHARS + 10);
    const first = decoder.push(encoder.encode(huge));
    const second = decoder.push(encoder.encode('yyy\r\n{"ok":true}\r\n'));
    expect(first.lines).toEqual([]);
    expect(second).toEqual({ lines: ['{"ok":true}'], oversized: 1 });
  });

  it('keeps a line of exactly the bound, even when its \\r and \\n arrive apart', () => {
    const decoder = new LineDecoder();
    const longest = 'x'.repeat(MAX_LINE_CHARS);
    expect(decoder.push(encoder.encode(`${longest}\r`)).lines).toEqual([]);
    expect(decoder.push(encoder.encode('\n'))).toEqual({ lines: [longest], oversized: 0 });
  });

  it('forgets a partial line on reset', () => {
    const decoder = new LineDecoder();
    decoder.push(encoder.encode('{"half":'));
    decoder.reset();
    expect(decoder.push(encoder.encode('{"a":1}\r\n')).lines).toEqual(['{"a":1}']);
  });
});

describe('LineDecoder work', () => {
  const TEN_MB = 10 * 1024 * 1024;

  /**
   * Feeds `text` in chunks of 1 byte to 64 KB (log-uniform, so small chunks are common,
   * from a fixed seed) and counts the characters that string searching and splitting
   * look at: the receiver's length for split(), from `fromIndex` on for indexOf().
   * Counting work, not time, keeps the test steady on a busy machine.
   */
  function feedCountingScans(text: string): { split: LineSplit; scanned: number } {
    const bytes = encoder.encode(text);
    const random = seededRandom(14);
    const decoder = new LineDecoder();
    const split: LineSplit = { lines: [], oversized: 0 };
    const { indexOf, split: splitString } = String.prototype;
    let scanned = 0;
    String.prototype.indexOf = function (this: string, search: string, from?: number) {
      scanned += this.length - Math.max(0, Math.min(from ?? 0, this.length));
      return indexOf.call(this, search, from);
    };
    String.prototype.split = function (this: string, ...args: unknown[]) {
      scanned += this.length;
      return (splitString as (...a: unknown[]) => string[]).apply(this, args);
    } as typeof String.prototype.split;
    try {
      for (let at = 0; at < bytes.length; ) {
        const size = Math.floor(2 ** (random() * 16)); // 1 B to 64 KB
        const { lines, oversized } = decoder.push(bytes.subarray(at, at + size));
        split.lines.push(...lines);
        split.oversized += oversized;
        at += size;
      }
    } finally {
      String.prototype.indexOf = indexOf;
      String.prototype.split = splitString;
    }
    return { split, scanned };
  }

  it('looks at each character of a 10 MB line a bounded number of times, and drops the line', () => {
    const { split, scanned } = feedCountingScans(`${'x'.repeat(TEN_MB)}\r\n{"after":true}\r\n`);
    expect(split).toEqual({ lines: ['{"after":true}'], oversized: 1 });
    expect(scanned).toBeLessThan(2 * TEN_MB);
  });

  it('looks at each character a bounded number of times for a long line under the bound', () => {
    const long = 'y'.repeat(MAX_LINE_CHARS - 1);
    const { split, scanned } = feedCountingScans(`${long}\r\n`.repeat(4));
    expect(split).toEqual({ lines: [long, long, long, long], oversized: 0 });
    expect(scanned).toBeLessThan(2 * 4 * MAX_LINE_CHARS);
  });
});

// Why LineDecoder exists: the library decodes each network chunk on its own. If this
// test starts failing, a newer twitter-api-v2 has fixed it.
describe('twitter-api-v2 1.29.1 searchStream', () => {
  let fake: FakeX;
  afterEach(() => fake?.close());

  it('corrupts a 4-byte emoji split across two chunks', async () => {
    fake = startFakeX();
    const { text, bytes, start, end } = lineAround(EMOJI['a 4-byte emoji']);
    const client = new TwitterApi('test-token');
    for (let cut = start + 1; cut < end; cut += 1) {
      const connecting = client.v2.searchStream();
      await vi.waitFor(() => expect(fake.connections).toHaveLength(cut - start));
      const connection = fake.connections.at(-1)!;
      connection.send(bytes.subarray(0, cut)); // msw answers once the first chunk is there
      const stream = await connecting;
      const received = new Promise<TweetV2SingleStreamResult>((resolve) => stream.on(ETwitterStreamEvent.Data, resolve));
      await settle(20); // let the first chunk reach the library on its own
      connection.send(bytes.subarray(cut));
      const { data } = await received;
      stream.close();
      expect(data.text, `cut at byte ${cut}`).not.toBe(text);
      expect(data.text).toContain('\uFFFD');
    }
  });
});
