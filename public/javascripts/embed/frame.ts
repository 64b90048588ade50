// The iframe page /embed tells the page that frames it how tall its content is, whenever
// that changes, so the host can size the frame (README, "Embed a live search"). The
// message carries only a number, so it may go to any parent; the host checks event.origin.
import { EMBED_HEIGHT_MESSAGE, type EmbedHeightMessage } from '../../../lib/contract/embed.ts';

if (window.parent !== window) {
  let last = -1;
  new ResizeObserver(() => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    const message: EmbedHeightMessage = { type: EMBED_HEIGHT_MESSAGE, height };
    window.parent.postMessage(message, '*');
  }).observe(document.documentElement);
}
