// Relative times ("12 s ago") that stay current, with the full local time on hover.

const MINUTE = 60; // s
const HOUR = 60 * MINUTE; // s
const DAY = 24 * HOUR; // s

/** "just now", "12 s ago", "3 min ago", "2 h ago", or the date for anything older than a day. */
export function relativeTime(date: Date, now: number): string {
  const seconds = Math.max(0, Math.round((now - date.getTime()) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < MINUTE) return `${seconds} s ago`;
  if (seconds < HOUR) return `${Math.floor(seconds / MINUTE)} min ago`;
  if (seconds < DAY) return `${Math.floor(seconds / HOUR)} h ago`;
  return date.toLocaleDateString();
}

/** A <time> element for an ISO string; an unreadable date shows nothing rather than "Invalid Date". */
export function renderTime(iso: string, now: number): HTMLTimeElement {
  const time = document.createElement('time');
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return time;
  time.dateTime = date.toISOString();
  time.title = date.toLocaleString();
  time.textContent = relativeTime(date, now);
  return time;
}

/** Refreshes every <time> under `root`; called once a second, it touches only texts that changed. */
export function refreshTimes(root: HTMLElement, now: number): void {
  for (const time of root.querySelectorAll<HTMLTimeElement>('time[datetime]')) {
    const text = relativeTime(new Date(time.dateTime), now);
    if (time.textContent !== text) time.textContent = text;
  }
}
