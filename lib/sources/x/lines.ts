// Splits the filtered stream's byte chunks into `\r\n`-delimited text lines. The
// decoder runs in streaming mode, so a character whose bytes are split across two
// network chunks is held back until it is whole instead of becoming U+FFFD.
// (twitter-api-v2 1.29.1 calls `chunk.toString()` per chunk and corrupts it.)
//
// Work is linear in the bytes received: each chunk's text is searched once, from where
// the last search stopped, and a partial line is kept as a list of pieces joined once
// when its delimiter arrives. (Gluing each chunk onto the partial line and splitting
// the whole again would rescan a long line on every chunk: quadratic.)

export const MAX_LINE_CHARS = 1024 * 1024; // one post with its expansions is a few KB

const DELIMITER = '\r\n';

export interface LineSplit {
  lines: string[]; // complete lines, without the delimiter; blank ones are keep-alives
  oversized: number; // lines dropped because they passed MAX_LINE_CHARS
}

export class LineDecoder {
  #decoder = new TextDecoder('utf-8');
  #pieces: string[] = []; // the partial line so far
  #length = 0; // characters in #pieces
  #skipping = false; // inside an oversized line, dropping text until its end
  #endsWithCR = false; // the text so far ends in '\r', so a '\n' next ends the line

  /** Feeds one chunk and returns the lines it completed. */
  push(chunk: Uint8Array): LineSplit {
    const text = this.#decoder.decode(chunk, { stream: true });
    const split: LineSplit = { lines: [], oversized: 0 };
    if (text === '') return split; // only part of a character: nothing changes
    let start = 0;
    if (this.#endsWithCR && text.startsWith('\n')) {
      this.#endLine(split, 1); // the delimiter was split across chunks: drop the held '\r'
      start = 1;
    }
    for (let at = text.indexOf(DELIMITER, start); at !== -1; at = text.indexOf(DELIMITER, start)) {
      this.#append(text.slice(start, at));
      this.#endLine(split, 0);
      start = at + DELIMITER.length;
    }
    if (start < text.length) this.#append(start === 0 ? text : text.slice(start));
    this.#endsWithCR = text.endsWith('\r');
    return split;
  }

  /** Forgets any partial line, for a fresh connection. */
  reset(): void {
    this.#decoder = new TextDecoder('utf-8');
    this.#drop();
    this.#skipping = false;
    this.#endsWithCR = false;
  }

  #append(piece: string): void {
    if (this.#skipping || piece === '') return;
    // One more character than the bound may wait: the '\r' of a delimiter split across chunks.
    if (this.#length + piece.length > MAX_LINE_CHARS + 1) {
      this.#drop();
      this.#skipping = true;
      return;
    }
    this.#pieces.push(piece);
    this.#length += piece.length;
  }

  /** A delimiter arrived: the partial line is complete, less `trim` held characters. */
  #endLine(split: LineSplit, trim: number): void {
    if (this.#skipping) {
      this.#skipping = false;
      split.oversized += 1;
      return;
    }
    const whole = this.#pieces.length === 1 ? this.#pieces[0]! : this.#pieces.join('');
    const line = trim > 0 ? whole.slice(0, whole.length - trim) : whole;
    this.#drop();
    if (line.length > MAX_LINE_CHARS) split.oversized += 1;
    else split.lines.push(line);
  }

  #drop(): void {
    this.#pieces = [];
    this.#length = 0;
  }
}
