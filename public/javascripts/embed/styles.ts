// The widget's stylesheet, adopted by each element's Shadow DOM as one constructed sheet.
// A constructed sheet needs no `style-src` in the host page's CSP, and nothing in it can
// match outside the shadow root. `.root` starts from `all: initial`, so the host page's
// inherited fonts and colours stop at the element; only the custom properties below
// (and `::part`) come in, because those are the styling the widget offers.
// The dark palette, for theme="dark" and for theme="auto" on a dark system
const DARK = `
  --_fg: var(--stream-search-fg, #e6edf3);
  --_bg: var(--stream-search-bg, #0d1117);
  --_muted: var(--stream-search-muted, #9da7b3);
  --_border: var(--stream-search-border, #3d444d);
  --_link: var(--stream-search-link, #6cb6ff);
  --_mark-fg: var(--stream-search-mark-fg, #0d1117);
  --_mark-bg: var(--stream-search-mark-bg, #f2cc60);
`.slice(1);

export const WIDGET_CSS = `
:host { display: block; }
:host([hidden]) { display: none; }
[hidden] { display: none !important; }

.root {
  all: initial;
  --_fg: var(--stream-search-fg, #1f2328);
  --_bg: var(--stream-search-bg, #ffffff);
  --_muted: var(--stream-search-muted, #57606a);
  --_border: var(--stream-search-border, #d0d7de);
  --_link: var(--stream-search-link, #0550ae);
  --_mark-fg: var(--stream-search-mark-fg, #1f2328);
  --_mark-bg: var(--stream-search-mark-bg, #fff3a3);
  display: block;
  box-sizing: border-box;
  padding: 12px 14px;
  border: 1px solid var(--_border);
  border-radius: var(--stream-search-radius, 8px);
  background: var(--_bg);
  color: var(--_fg);
  font-family: var(--stream-search-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  font-size: var(--stream-search-font-size, 15px);
  line-height: 1.45;
  text-align: start;
  overflow-wrap: anywhere;
}
.root[data-theme="dark"] {
${DARK}}
@media (prefers-color-scheme: dark) {
  .root[data-theme="auto"] {
${DARK}  }
}
.root * { box-sizing: border-box; }

.header { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 4px 12px; }
.title { margin: 0; font-weight: 600; font-size: 1.05em; }
.watching, .status, .empty, .byline { margin: 0; color: var(--_muted); font-size: 0.9em; }
.status { margin-top: 6px; }
.status:empty { margin: 0; } /* kept in the layout, so screen readers hear it when it fills */

.list { list-style: none; margin: 8px 0 0; padding: 0; }
.post { padding: 8px 0; border-top: 1px solid var(--_border); }
.post:first-child { border-top: 0; }
.author { color: var(--_fg); font-weight: 600; }
.text { margin: 2px 0 4px; white-space: pre-wrap; }
mark { color: var(--_mark-fg); background: var(--_mark-bg); border-radius: 2px; padding: 0 1px; }
.empty { padding: 8px 0; }

a { color: var(--_link); text-decoration: underline; text-underline-offset: 2px; }
a:focus-visible { outline: 2px solid var(--_link); outline-offset: 2px; border-radius: 2px; }
.link { font-size: 0.9em; }
.more { display: inline-block; margin-top: 8px; font-size: 0.9em; }
`;
