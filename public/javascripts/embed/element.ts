// <stream-search term="cats -dogs" lang="en" limit="5" theme="auto">: the live search as
// one custom element for any web page, served as the ES module /embed.js (README, "Embed a
// live search"). It renders into an open Shadow DOM, connects to the app it was loaded
// from, follows its `term` with the lesson's updateTerm, and shows the newest posts first,
// at most `limit`, with "N watching" from termStats. The element's own content is what
// browsers without scripts show; the shadow root, which has no slot, hides it once defined.
import { io, type Socket } from 'socket.io-client';
import { fullSearchUrl, parseEmbedOptions, type EmbedOptions } from '../../../lib/contract/embed.ts';
import type { ClientToServerEvents, FollowedTerm, Post, ServerToClientEvents, TermStats } from '../../../lib/contract/events.ts';
import { highlight, highlightWords } from '../highlight.ts';
import { safeHref } from '../safe-urls.ts';
import { shortTime, statusText, watchingText, type WidgetState } from './status.ts';
import { WIDGET_CSS } from './styles.ts';

// The app this module came from: its socket, its full search and its access check
const APP_ORIGIN = new URL(import.meta.url).origin;
const APP_HOST = new URL(import.meta.url).host;
const SERVER_CLOSED_RETRY = 5_000; // ms before trying again after the server closed the connection
const ATTRIBUTES = ['term', 'lang', 'limit', 'theme'] as const;

type WidgetSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

// One constructed stylesheet, shared by every element on the page
let sheet: CSSStyleSheet | null = null;
function widgetSheet(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(WIDGET_CSS);
  }
  return sheet;
}

/** A new element in the shadow root, with its class and `part` name (for the host's ::part rules). */
function part<K extends keyof HTMLElementTagNameMap>(tag: K, name: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  element.className = name;
  element.setAttribute('part', name);
  return element;
}

export class StreamSearchElement extends HTMLElement {
  static readonly observedAttributes = ATTRIBUTES;

  // Cached parts
  readonly #root = part('section', 'root');
  readonly #title = part('p', 'title');
  readonly #watching = part('p', 'watching');
  readonly #status = part('p', 'status');
  readonly #list = part('ol', 'list');
  readonly #empty = part('p', 'empty');
  readonly #more = part('a', 'more');

  // State: what the attributes ask for, what the server confirmed, and the connection
  #options: EmbedOptions = parseEmbedOptions({});
  #current: FollowedTerm | null = null;
  #words: ReadonlySet<string> = new Set();
  #requests = 0; // updateTerm requests sent; answers to older ones are ignored
  #accepting = false; // false from a new request until the server confirms it, so no old term's post slips in
  #stats: TermStats | null = null; // the latest count, which can arrive just before the answer to updateTerm
  #socket: WidgetSocket | null = null;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #state: WidgetState = { phase: 'connecting', appHost: APP_HOST, upstream: null, termError: null, hasTerm: false };

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: 'open' });
    shadow.adoptedStyleSheets = [widgetSheet()];
    const header = part('div', 'header');
    header.append(this.#title, this.#watching);
    this.#status.setAttribute('role', 'status');
    this.#list.setAttribute('aria-label', 'Live posts, newest first');
    this.#more.target = '_blank';
    this.#more.rel = 'noopener';
    this.#root.append(header, this.#status, this.#list, this.#empty, this.#more);
    shadow.append(this.#root);
  }

  connectedCallback(): void {
    this.#options = this.#readOptions();
    this.#render();
    this.#connect();
  }

  disconnectedCallback(): void {
    clearTimeout(this.#retry);
    this.#socket?.disconnect();
    this.#socket = null;
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (old === value || !this.#socket) return; // before connectedCallback, that reads them all
    const before = this.#options;
    this.#options = this.#readOptions();
    if (name === 'term' || name === 'lang') {
      if (before.term !== this.#options.term || before.lang !== this.#options.lang) this.#follow();
    }
    this.#trim();
    this.#render();
  }

  #readOptions(): EmbedOptions {
    const [term, lang, limit, theme] = ATTRIBUTES.map((name) => this.getAttribute(name) ?? undefined);
    return parseEmbedOptions({ term, lang, limit, theme });
  }

  // Render functions
  #render(): void {
    const shown = this.#current?.term ?? this.#options.term;
    this.#root.dataset.theme = this.#options.theme;
    this.#root.setAttribute('aria-label', `Live search for ${shown || 'nothing'}`);
    this.#title.textContent = shown ? `Live posts for “${shown}”` : 'Live posts';
    const stats = this.#stats;
    const watchers = stats && this.#current && stats.term === this.#current.term && stats.lang === this.#current.lang ? stats.watchers : null;
    this.#watching.textContent = watchingText(watchers);
    this.#watching.hidden = watchers === null;
    const status = statusText({ ...this.#state, hasTerm: this.#options.term !== '' });
    if (this.#status.textContent !== status) this.#status.textContent = status;
    this.#empty.textContent = 'Waiting for the next post…';
    this.#empty.hidden = this.#list.childElementCount > 0 || this.#current === null;
    this.#more.href = fullSearchUrl(APP_ORIGIN, this.#current ?? this.#options);
    this.#more.textContent = `Open the full search on ${APP_HOST}`;
  }

  #renderPost(post: Post): HTMLLIElement {
    const item = part('li', 'post');
    const byline = part('p', 'byline');
    const author = part('span', 'author');
    author.textContent = post.name;
    byline.append(author, ` @${post.screen_name}`);
    const time = shortTime(post.created_at);
    if (time) {
      const stamp = document.createElement('time');
      stamp.dateTime = post.created_at;
      stamp.textContent = time;
      byline.append(' · ', stamp);
    }
    const text = part('p', 'text');
    for (const node of highlight(post.text, this.#words)) {
      if (node instanceof HTMLElement) node.setAttribute('part', 'mark');
      text.append(node);
    }
    item.append(byline, text);
    const href = safeHref(post.url); // only https links to a known network, as on the page
    if (href) {
      const link = part('a', 'link');
      link.href = href;
      link.target = '_blank';
      link.rel = 'noopener noreferrer nofollow';
      link.textContent = `Original post by @${post.screen_name}`;
      item.append(link);
    }
    return item;
  }

  // Newest first, never more than `limit`
  #add(post: Post): void {
    this.#list.prepend(this.#renderPost(post));
    this.#trim();
    this.#render();
  }

  #trim(): void {
    while (this.#list.childElementCount > this.#options.limit) this.#list.lastElementChild!.remove();
  }

  #setState(change: Partial<WidgetState>): void {
    this.#state = { ...this.#state, ...change };
    this.#render();
  }

  // Actions: what the widget asks of the server

  // Only the latest request counts, so a fast run of attribute changes ends on the last one.
  // The posts on screen stay when the server confirms the same term again (after a reconnect).
  #follow(): void {
    const socket = this.#socket;
    const request = ++this.#requests;
    this.#accepting = false;
    this.#setState({ termError: null });
    if (!socket?.connected) return; // the connect handler follows
    if (this.#options.term === '') {
      this.#show(null);
      return void socket.emit('stopStream');
    }
    socket.emit('updateTerm', { term: this.#options.term, lang: this.#options.lang }, (response) => {
      if (request !== this.#requests) return;
      if ('error' in response) {
        this.#show(null);
        return this.#setState({ termError: response.error });
      }
      this.#show(response.data);
      this.#accepting = true;
    });
  }

  #show(followed: FollowedTerm | null): void {
    if (followed?.term !== this.#current?.term || followed?.lang !== this.#current?.lang) {
      this.#list.replaceChildren();
    }
    this.#current = followed;
    this.#words = highlightWords(followed?.term ?? '');
    this.#render();
  }

  #connect(): void {
    const socket: WidgetSocket = io(APP_ORIGIN, {
      // Polling from another origin would need CORS on every request; WebSocket needs none
      transports: ['websocket'],
      forceNew: true, // one connection per element: a socket follows one term
    });
    this.#socket = socket;
    let checkedAccess = false;

    // Socket events
    socket.on('connect', () => {
      this.#setState({ phase: 'live' });
      this.#follow();
    });
    socket.on('disconnect', (reason) => {
      this.#stats = null;
      this.#setState({ phase: 'reconnecting' });
      // The client retries by itself after a network drop, but not after the server closed it
      if (reason === 'io server disconnect') this.#retry = setTimeout(() => socket.connect(), SERVER_CLOSED_RETRY);
    });
    socket.on('connect_error', () => {
      if (this.#state.phase === 'live') this.#setState({ phase: 'reconnecting' });
      if (checkedAccess) return;
      checkedAccess = true;
      // A refused handshake and a server that is down look alike to the socket: ask which
      fetch(new URL('/embed/access', APP_ORIGIN), { credentials: 'omit' })
        .then((response) => response.json() as Promise<{ allowed?: unknown }>)
        .then(({ allowed }) => {
          if (allowed !== false || this.#socket !== socket) return;
          socket.disconnect(); // no socket on a site that may not have one, and no retries
          this.#setState({ phase: 'refused' });
        })
        .catch(() => {
          checkedAccess = false; // down: ask again at the next failed try
        });
    });
    socket.on('tweets', (post) => {
      if (this.#accepting) this.#add(post);
    });
    socket.on('termStats', (stats) => {
      this.#stats = stats;
      this.#render();
    });
    socket.on('status', (upstream) => this.#setState({ upstream }));
    socket.on('inputError', (message) => this.#setState({ termError: message }));
  }
}

if (!customElements.get('stream-search')) customElements.define('stream-search', StreamSearchElement);
