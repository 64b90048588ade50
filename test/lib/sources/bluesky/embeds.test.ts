import { describe, expect, it } from 'vitest';
import { facetLinks, postPage } from '../../../../lib/sources/bluesky/embeds.ts';
import { blueskyFixture as fixturePost } from '../../../helpers/card-fixtures.ts';

const DID = 'did:plc:z72i7hdynmk6r22z27h6tvur';
const QUOTED = 'did:plc:ewvi7nxzyoun6zhxrhs64oiz';

const cdn = (size: string, seedCid: string): string => `https://cdn.bsky.app/img/${size}/plain/${DID}/${seedCid}@jpeg`;

describe('blueskyExtras', () => {
  it('turns app.bsky.embed.images blobs into CDN thumbnails and full sizes, with alt text and aspect', () => {
    const post = fixturePost('images');
    expect(post.images).toHaveLength(3);
    const [first, , third] = post.images!;
    const link = first!.thumb.split('/').at(-1)!.replace('@jpeg', '');
    expect(first).toEqual({ thumb: cdn('feed_thumbnail', link), full: cdn('feed_fullsize', link), alt: 'A grey cat sitting on a wooden pier at sunset', width: 2000, height: 1500 });
    expect(third).toMatchObject({ alt: '' });
    expect(third).not.toHaveProperty('width');
    expect(post.sensitive).toBeUndefined();
  });

  it('turns app.bsky.embed.external into a link card, and the shortened link in the text into its full URL', () => {
    const post = fixturePost('external');
    const url = 'https://www.nytimes.com/2026/11/29/science/cats-domestication.html';
    expect(post.card).toMatchObject({ url, host: 'www.nytimes.com', title: 'How Cats Domesticated Themselves' });
    expect(post.card!.thumb).toMatch(/^https:\/\/cdn\.bsky\.app\/img\/feed_thumbnail\/plain\/did:plc:/);
    const [link] = post.links!;
    expect(post.text.slice(link!.start, link!.end)).toBe('nytimes.com/2026/11/29/scie...');
    expect(link).toMatchObject({ href: url, kind: 'link' });
  });

  it('turns app.bsky.embed.record into a quote that links to the quoted post', () => {
    expect(fixturePost('record').quote).toEqual({ name: null, screen_name: null, text: null, url: `https://bsky.app/profile/${QUOTED}/post/3lbzquoted001` });
  });

  it('turns app.bsky.embed.recordWithMedia into a quote and its images', () => {
    const post = fixturePost('recordWithMedia');
    expect(post.quote?.url).toBe(`https://bsky.app/profile/${QUOTED}/post/3lbzquoted002`);
    expect(post.images?.map((image) => image.alt)).toEqual(['A ginger cat asleep in a laundry basket']);
  });

  it('turns app.bsky.embed.video into a play link to the post, without a poster from another host', () => {
    expect(fixturePost('video').video).toEqual({ poster: null, url: `https://bsky.app/profile/${DID}/post/3lc2video00001`, alt: 'Two cats stepping carefully into fresh snow' });
  });

  it('marks media behind a graphic-media self-label as sensitive', () => {
    expect(fixturePost('labelled')).toMatchObject({ sensitive: true, images: [{ alt: 'Stitches on a shaved cat belly' }] });
  });

  it('says which post a reply answers, and links mentions, hashtags and links at their UTF-16 places', () => {
    const post = fixturePost('reply');
    expect(post.replyTo).toEqual({ screen_name: null, url: `https://bsky.app/profile/${QUOTED}/post/3lbzparent001` });
    expect(post.links!.map((link) => [post.text.slice(link.start, link.end), link.href])).toEqual([
      ['@alice.bsky.social', `https://bsky.app/profile/${QUOTED}`],
      ['#CatsOfBluesky', 'https://bsky.app/hashtag/CatsOfBluesky'],
      ['bsky.app/profile/ali...', 'https://bsky.app/profile/alice.bsky.social'],
    ]);
  });

  it('drops hostile parts of a record: a bad blob reference, a javascript: quote and links, keeping alt text as plain text', () => {
    const post = fixturePost('hostile');
    expect(post.images!.map((image) => image.alt)).toEqual(['"><img src=x onerror=alert(2)>']);
    expect(post.quote).toBeUndefined();
    expect(post.links).toBeUndefined();
    expect(post.sensitive).toBe(true);
  });
});

describe('facetLinks', () => {
  it('drops a facet whose byte offsets fall inside a character', () => {
    const text = 'é link';
    const facet = (byteStart: number) => ({ index: { byteStart, byteEnd: 7 }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://a.example/' }] });
    expect(facetLinks(text, [facet(1)])).toEqual([]);
    expect(facetLinks(text, [facet(3)])).toEqual([{ start: 2, end: 6, href: 'https://a.example/', kind: 'link' }]);
  });
});

describe('postPage', () => {
  it('turns an at:// post URI into its bsky.app page and refuses anything else', () => {
    expect(postPage(`at://${DID}/app.bsky.feed.post/3k2`)).toBe(`https://bsky.app/profile/${DID}/post/3k2`);
    expect(postPage('at://did:plc:a/app.bsky.feed.like/3k2')).toBeNull();
    expect(postPage('javascript:alert(1)')).toBeNull();
  });
});
