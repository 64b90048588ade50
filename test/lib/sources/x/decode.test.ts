import { describe, expect, it } from 'vitest';
import { DEFAULT_AVATAR } from '../../../../lib/sources/post.ts';
import { decodeLine, unescapeText } from '../../../../lib/sources/x/decode.ts';
import { xFixture } from '../../../helpers/card-fixtures.ts';
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

describe('decodeLine: what a card shows (test/fixtures/x)', () => {
  it('turns includes.media photos into small and large pbs.twimg.com images with alt text', () => {
    const post = xFixture('photos');
    expect(post.images).toEqual([
      { thumb: 'https://pbs.twimg.com/media/GdXyZ1aWkAA1bCd.jpg?name=small', full: 'https://pbs.twimg.com/media/GdXyZ1aWkAA1bCd.jpg?name=large', alt: 'A tabby cat asleep on a keyboard', width: 1600, height: 1200 },
      { thumb: 'https://pbs.twimg.com/media/GdXyZ2bWkAA2cDe.jpg?name=small', full: 'https://pbs.twimg.com/media/GdXyZ2bWkAA2cDe.jpg?name=large', alt: '', width: 1200, height: 1600 },
    ]);
    expect(post.sensitive).toBeUndefined();
  });

  it('turns a url entity with a title into a link card, and t.co links, mentions and hashtags into text links', () => {
    const post = xFixture('photos');
    expect(post.card).toEqual({ url: 'https://www.bbc.co.uk/news/science-cats', host: 'www.bbc.co.uk', title: 'Why cats purr', description: 'Scientists finally explain the purr.', thumb: 'https://pbs.twimg.com/news_img/1862/abc?format=jpg&name=orig' });
    expect(post.links!.map((link) => [post.text.slice(link.start, link.end), link.href])).toEqual([
      ['https://t.co/AbCdEf1234', 'https://www.bbc.co.uk/news/science-cats'],
      ['@X', 'https://x.com/X'],
      ['#caturday', 'https://x.com/hashtag/caturday'],
      ['https://t.co/PhOtO98765', 'https://x.com/catfacts/status/1862451234567890123/photo/1'],
    ]);
  });

  it('turns referenced_tweets into a quote with its author and text, and a reply line with the handle', () => {
    const post = xFixture('quote');
    expect(post.quote).toEqual({ name: 'Cat Facts', screen_name: 'catfacts', text: 'Cats sleep 16 hours a day <3', url: 'https://x.com/catfacts/status/1862451234567890999' });
    expect(post.replyTo).toEqual({ screen_name: 'catfacts', url: 'https://x.com/i/web/status/1862451234567890123' });
  });

  it('shows a long post in full from note_tweet, and a sensitive video as a poster with a link to the post', () => {
    const post = xFixture('video');
    expect(post.text).toMatch(/The end\.$/);
    expect(post.sensitive).toBe(true);
    expect(post.video).toEqual({ poster: 'https://pbs.twimg.com/ext_tw_video_thumb/1862451230000000003/pu/img/AbC.jpg', url: 'https://x.com/catfacts/status/1862451234567890789', alt: '' });
  });

  it('drops media from other hosts and javascript: or data: links, keeping hostile alt text as plain text', () => {
    const post = xFixture('hostile');
    expect(post.images!.map((image) => image.alt)).toEqual(['<script>alert(1)</script>']);
    expect(post.card).toBeUndefined();
    expect(post.links).toBeUndefined();
  });
});
