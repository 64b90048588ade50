import { describe, expect, it } from 'vitest';
import { DEFAULT_AVATAR } from '../../../../lib/sources/post.ts';
import { decodeLine, unescapeText } from '../../../../lib/sources/x/decode.ts';
import { xPost } from '../../../helpers/fake-x.ts';

const NOW = new Date('2026-11-23T12:00:00.000Z');

describe('decodeLine', () => {
  it('turns a post with its author into a Post and its rule tags', () => {
    const message = decodeLine(JSON.stringify(xPost('1460323737035677698', 'Hello cats', ['t1', 't2'])), NOW);
    expect(message).toEqual({
      kind: 'post',
      tags: ['t1', 't2'],
      errors: [],
      post: {
        id: '1460323737035677698',
        name: 'Author 1460323737035677698',
        screen_name: 'author1460323737035677698',
        text: 'Hello cats',
        user_profile_image: 'https://pbs.twimg.com/profile_images/1460323737035677698.jpg',
        created_at: '2026-11-23T10:00:00.000Z',
        lang: 'en',
        url: 'https://x.com/author1460323737035677698/status/1460323737035677698',
        profile_url: 'https://x.com/author1460323737035677698',
        source: 'x',
      },
    });
  });

  it('falls back to a placeholder author when `includes` is missing', () => {
    const message = decodeLine(JSON.stringify(xPost('42', 'no author here', ['t1'], { includes: false })), NOW);
    expect(message.kind === 'post' && message.post).toMatchObject({
      name: 'Unknown',
      screen_name: 'unknown',
      user_profile_image: DEFAULT_AVATAR,
      url: 'https://x.com/i/web/status/42',
      profile_url: null,
    });
  });

  it('keeps the post and its partial errors when a user lookup failed', () => {
    const raw = { ...xPost('7', 'partial', ['t1'], { includes: false }), errors: [{ title: 'Not Found Error', resource_type: 'user' }] };
    const message = decodeLine(JSON.stringify(raw), NOW);
    expect(message.kind).toBe('post');
    expect(message.kind === 'post' && message.errors).toEqual([{ title: 'Not Found Error' }]);
  });

  it('reports an errors-only message as errors', () => {
    const raw = { errors: [{ title: 'operational-disconnect', disconnect_type: 'OperationalDisconnect', detail: 'bye' }] };
    expect(decodeLine(JSON.stringify(raw), NOW)).toEqual({ kind: 'errors', errors: raw.errors });
  });

  it.each([
    ['not JSON', '{"data":'],
    ['no text', JSON.stringify({ data: { id: '1', text: '' } })],
    ['a non-numeric id', JSON.stringify({ data: { id: '../x', text: 'hi' } })],
    ['an array', '[1,2]'],
    ['an empty object', '{}'],
  ])('calls %s junk', (_, line) => {
    expect(decodeLine(line, NOW)).toEqual({ kind: 'junk' });
  });

  it('drops unsafe author fields instead of passing them on', () => {
    const raw = xPost('9', 'hi', []);
    raw.includes!.users[0]!.username = 'evil/../path';
    raw.includes!.users[0]!.profile_image_url = 'javascript:alert(1)';
    const message = decodeLine(JSON.stringify(raw), NOW);
    expect(message.kind === 'post' && message.post).toMatchObject({ screen_name: 'unknown', user_profile_image: DEFAULT_AVATAR, url: 'https://x.com/i/web/status/9' });
  });

  it('maps X\'s "und" language to none', () => {
    const raw = xPost('3', 'hmm', []);
    raw.data.lang = 'und';
    const message = decodeLine(JSON.stringify(raw), NOW);
    expect(message.kind === 'post' && message.post.lang).toBeNull();
  });
});

describe('unescapeText', () => {
  it('undoes the three escapes X applies, once', () => {
    expect(unescapeText('Tom &amp; Jerry &lt;3 &gt; &amp;lt; &quot;')).toBe('Tom & Jerry <3 > &lt; &quot;');
  });
});
