// A post's images (a grid of one to four thumbnails, each with its alt text on demand)
// or its video (a poster with a play link to the original). Media the author labelled
// sensitive waits behind "Sensitive media: show" with no src at all, so the browser
// loads neither the thumbnail nor the full size until the reader asks.
import type { Post, PostImage, PostVideo } from '../../lib/contract/events.ts';
import { mediaSrc, safeHref } from './safe-urls.ts';

const MAX_IMAGES = 4; // the grid's cells

/** The media block for `post`, or null when it has none the page may show. */
export function renderMedia(post: Post): HTMLElement | null {
  const images = (post.images ?? []).flatMap((image) => {
    const thumb = mediaSrc(image.thumb);
    return thumb ? [{ ...image, thumb, full: mediaSrc(image.full) }] : [];
  });
  const videoUrl = safeHref(post.video?.url);
  const items = images.slice(0, MAX_IMAGES).map(imageItem);
  if (items.length === 0 && post.video && videoUrl) items.push(videoItem(post.video, videoUrl));
  if (items.length === 0) return null;

  const block = element('div', 'media');
  const grid = element('div', 'media-grid');
  grid.dataset.count = String(items.length);
  grid.append(...items);
  block.append(grid);
  if (post.sensitive) hideUntilAsked(block, grid);
  else reveal(grid);
  return block;
}

function imageItem(image: Omit<PostImage, 'full'> & { full: string | null }): HTMLElement {
  const figure = element('figure', 'media-item');
  const img = pendingImage(image.thumb, image.alt);
  if (image.width && image.height) img.style.aspectRatio = `${image.width} / ${image.height}`;
  if (image.full) {
    const link = element('a', 'media-link');
    link.href = image.full;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    link.append(img);
    figure.append(link);
  } else {
    figure.append(img);
  }
  if (image.alt) figure.append(...altToggle(image.alt));
  return figure;
}

function videoItem(video: PostVideo, url: string): HTMLElement {
  const figure = element('figure', 'media-item video');
  const link = element('a', 'media-link play-link');
  link.href = url;
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  const poster = mediaSrc(video.poster);
  if (poster) link.append(pendingImage(poster, video.alt));
  const label = element('span', 'play-label');
  // Named by where it plays, not by the post's source: a pushed post may link either network
  label.textContent = `▶ Play video on ${new URL(url).hostname === 'bsky.app' ? 'Bluesky' : 'X'}`;
  link.append(label);
  figure.append(link);
  if (video.alt) figure.append(...altToggle(video.alt));
  return figure;
}

// The address waits in data-src, so a sensitive image makes no request before "show"
function pendingImage(src: string, alt: string): HTMLImageElement {
  const img = element('img', 'media-image');
  img.dataset.src = src;
  img.alt = alt;
  img.loading = 'lazy';
  img.decoding = 'async';
  return img;
}

function reveal(root: HTMLElement): void {
  for (const img of root.querySelectorAll<HTMLImageElement>('img[data-src]')) {
    img.src = img.dataset.src!;
    delete img.dataset.src;
  }
}

function hideUntilAsked(block: HTMLElement, grid: HTMLElement): void {
  block.classList.add('sensitive');
  grid.hidden = true;
  const button = element('button', 'btn btn-secondary btn-sm sensitive-button');
  button.type = 'button';
  button.textContent = 'Sensitive media: show';
  button.addEventListener('click', () => {
    reveal(grid);
    grid.hidden = false;
    block.classList.remove('sensitive');
    button.remove();
    grid.querySelector<HTMLElement>('a, button')?.focus();
  });
  block.prepend(button);
}

// A small ALT button shows the author's description under the image
function altToggle(alt: string): [HTMLButtonElement, HTMLElement] {
  const button = element('button', 'alt-button');
  button.type = 'button';
  button.textContent = 'ALT';
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-label', 'ALT: the image description'); // keeps the visible word in the name
  const caption = element('figcaption', 'alt-text');
  caption.textContent = alt;
  caption.hidden = true;
  button.addEventListener('click', () => {
    caption.hidden = !caption.hidden;
    button.setAttribute('aria-expanded', String(!caption.hidden));
  });
  return [button, caption];
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  return node;
}
