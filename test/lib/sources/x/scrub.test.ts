import { describe, expect, it } from 'vitest';
import { REDACTED, scrubError, scrubToken } from '../../../../lib/sources/x/scrub.ts';

// Shaped like an X app bearer token: URL-encoded characters included.
const TOKEN = 'AAAAAAAAAAAAAAAAAAAAAMLheAAAAAAA0%2BuSeid%2BULvsea4JtiGRiSDSJSI%3DEUifiRBkKG5E2XzMDjRfl76ZC9Ub0wnz4XsNiRVBChTYbJcE3F';

describe('scrubToken', () => {
  it('replaces every occurrence of the token, as is, URL-encoded or decoded', () => {
    const text = `a ${TOKEN} b ${encodeURIComponent(TOKEN)} c ${decodeURIComponent(TOKEN)} d ${TOKEN}`;
    expect(scrubToken(text, TOKEN)).toBe(`a ${REDACTED} b ${REDACTED} c ${REDACTED} d ${REDACTED}`);
  });

  it('replaces whatever follows `Bearer`, even a token that is not ours', () => {
    expect(scrubToken('authorization: Bearer someone.elses-token== (sent)', TOKEN)).toBe(`authorization: Bearer ${REDACTED} (sent)`);
    expect(scrubToken('BEARER abc/def+ghi', TOKEN)).toBe(`Bearer ${REDACTED}`);
  });

  it('leaves other text alone', () => {
    expect(scrubToken('Service Unavailable: try again later', TOKEN)).toBe('Service Unavailable: try again later');
  });
});

describe('scrubError', () => {
  it('scrubs the message and the stack, and keeps the name', () => {
    const err = new TypeError(`fetch failed for Bearer ${TOKEN}`);
    const clean = scrubError(err, TOKEN);
    expect(clean.name).toBe('TypeError');
    expect(clean.message).toBe(`fetch failed for Bearer ${REDACTED}`);
    expect(clean.stack).not.toContain(TOKEN);
    expect(scrubError(`thrown ${TOKEN}`, TOKEN).message).toBe(`thrown ${REDACTED}`);
  });
});
