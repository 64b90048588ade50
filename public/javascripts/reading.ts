// Knows when the reader is reading, so new posts wait instead of pushing the text
// they are reading down the page: the feed's top is scrolled out of view, the mouse
// is over the feed, or the keyboard focus is inside it.

const SCROLL_SLACK = 8; // px the feed's top may sit above the viewport and still count as "at the top"

/** Returns the check; `onRelease` runs whenever a reason to hold may have ended. */
export function watchReading(feed: HTMLElement, onRelease: () => void): () => boolean {
  let pointerInside = false;

  // Touch has no hover: a tap would otherwise hold posts until the next tap elsewhere
  feed.addEventListener('pointerenter', (event) => {
    if (event.pointerType === 'mouse') pointerInside = true;
  });
  feed.addEventListener('pointerleave', () => {
    pointerInside = false;
    onRelease();
  });
  feed.addEventListener('focusout', onRelease);
  window.addEventListener('scroll', onRelease, { passive: true });

  return () =>
    pointerInside || feed.contains(document.activeElement) || feed.getBoundingClientRect().top < -SCROLL_SLACK;
}
