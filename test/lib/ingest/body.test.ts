import { describe, expect, it } from 'vitest';
import { BODY_ERRORS, MAX_POSTS_PER_BODY, readBody } from '../../../lib/ingest/body.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('readBody', () => {
  it('reads one JSON object as one item, and an array as its items', () => {
    expect(readBody(bytes('{"text":"a"}'), 'json')).toEqual({ ok: true, items: [{ value: { text: 'a' } }] });
    expect(readBody(bytes('[{"text":"a"}, 3]'), 'json')).toEqual({ ok: true, items: [{ value: { text: 'a' } }, { value: 3 }] });
  });

  it('refuses JSON that does not parse, is not an object or array, or holds nothing', () => {
    expect(readBody(bytes('{"text":'), 'json')).toEqual({ ok: false, status: 400, error: BODY_ERRORS.notJson });
    expect(readBody(bytes('null'), 'json')).toEqual({ ok: false, status: 400, error: BODY_ERRORS.notPosts });
    expect(readBody(bytes('[]'), 'json')).toEqual({ ok: false, status: 400, error: BODY_ERRORS.empty });
    expect(readBody(bytes(''), 'ndjson')).toEqual({ ok: false, status: 400, error: BODY_ERRORS.empty });
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(readBody(new Uint8Array([0x22, 0xc3, 0x22]), 'json')).toEqual({ ok: false, status: 400, error: BODY_ERRORS.notUtf8 });
  });

  it('reads NDJSON line by line: blank lines skipped, a bad line an error in its place, CRLF allowed', () => {
    const body = '{"text":"a"}\r\n\n{"text":\n  \n{"text":"c"}';
    expect(readBody(bytes(body), 'ndjson')).toEqual({
      ok: true,
      items: [{ value: { text: 'a' } }, { error: BODY_ERRORS.badLine }, { value: { text: 'c' } }],
    });
  });

  it(`refuses more than ${MAX_POSTS_PER_BODY} posts, either way`, () => {
    const many = Array.from({ length: MAX_POSTS_PER_BODY + 1 }, () => '{"text":"x"}');
    expect(readBody(bytes(`[${many.join(',')}]`), 'json')).toEqual({ ok: false, status: 413, error: BODY_ERRORS.tooMany(501) });
    expect(readBody(bytes(many.join('\n')), 'ndjson')).toEqual({ ok: false, status: 413, error: BODY_ERRORS.tooMany(501) });
    expect(readBody(bytes(many.slice(1).join('\n')), 'ndjson').ok).toBe(true);
  });
});
