import { describe, expect, it } from 'vitest';
import { keepImagesFrom } from '../../../lib/ingest/images.ts';
import { DEFAULT_AVATAR } from '../../../lib/sources/post.ts';
import { makePost } from '../../helpers/manual-source.ts';

const BSKY = 'https://cdn.bsky.app/img/a.jpg';
const TWIMG = 'https://pbs.twimg.com/media/b.jpg';

describe('keepImagesFrom', () => {
  const post = makePost('pictures', {
    user_profile_image: TWIMG,
    images: [
      { thumb: BSKY, full: BSKY, alt: 'kept' },
      { thumb: TWIMG, full: TWIMG, alt: 'dropped' },
      { thumb: '/media/one.svg', full: '/media/one.svg', alt: 'local' },
    ],
    video: { poster: TWIMG, url: 'https://x.com/a/status/1', alt: '' },
    card: { url: 'https://example.com/', host: 'example.com', title: 't', description: '', thumb: TWIMG },
  });

  it('keeps our own files and the allowed hosts, and drops every other image', () => {
    const kept = keepImagesFrom(post, ['cdn.bsky.app']);
    expect(kept.user_profile_image).toBe(DEFAULT_AVATAR);
    expect(kept.images!.map((image) => image.alt)).toEqual(['kept', 'local']);
    expect(kept.video).toEqual({ ...post.video, poster: null });
    expect(kept.card).toEqual({ ...post.card, thumb: null });
  });

  it('leaves a post alone when every image is allowed, and keeps local avatars with no hosts at all', () => {
    expect(keepImagesFrom(post, ['cdn.bsky.app', 'pbs.twimg.com'])).toEqual(post);
    const local = makePost('local', { user_profile_image: '/avatars/3.svg', images: [{ thumb: BSKY, full: BSKY, alt: '' }] });
    const kept = keepImagesFrom(local, []);
    expect(kept.user_profile_image).toBe('/avatars/3.svg');
    expect(kept).not.toHaveProperty('images');
  });
});
