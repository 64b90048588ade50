// Splits the filtered stream's byte chunks into `\r\n`-delimited text lines. The
// decoder runs in streaming mode, so a character whose bytes are split across two
// network chunks is held back until it is whole instead of becoming U+FFFD.
// (twitter-api-v2 1.29.1 calls `chunk.toString()` per chunk and corrupts it.)

export const MAX_LINE_CHARS = 1024 * 1024; // one post with its expansions is a few KB

export interface LineSplit {
  lines: string[]; // complete lines, without the delimiter; blank ones are keep-alives
  oversized: number; // lines dropped because they passed MAX_LINE_CHARS
}

export class LineDecoder {
  #decoder = new TextDecoder('utf-8');
  #pending = '';
  #skipping = false; // inside an oversized line, dropping text until its end

  /** Feeds one chunk and returns the lines it completed. */
  push(chunk: Uint8Array): LineSplit {
    const text = this.#pending + this.#decoder.decode(chunk, { stream: true });
    const parts = text.split('\r\n');
    this.#pending = parts.pop()!;
    const split: LineSplit = { lines: [], oversized: 0 };
    for (const line of parts) {
      if (this.#skipping || line.length > MAX_LINE_CHARS) split.oversized += 1;
      else split.lines.push(line);
      this.#skipping = false;
    }
    if (this.#pending.length > MAX_LINE_CHARS) {
      // Keep only a possible trailing '\r' so a delimiter split across chunks is still seen.
      this.#pending = this.#pending.endsWith('\r') ? '\r' : '';
      this.#skipping = true;
    }
    return split;
  }

  /** Forgets any partial line, for a fresh connection. */
  reset(): void {
    this.#decoder = new TextDecoder('utf-8');
    this.#pending = '';
    this.#skipping = false;
  }
}
