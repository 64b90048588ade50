// Generated text with the shape of real public posts, and distinct search terms over
// the same vocabulary. Seeded, so every run measures the same workload.
//
// Real posts: a median near 12 words and a long tail up to ~50, words drawn from a
// Zipf-like vocabulary (a few words are everywhere, most are rare), with hashtags,
// mentions, links, emoji and punctuation sprinkled in.
import type { Query } from '../lib/match/query.ts';
import { parseTerm } from '../lib/match/query.ts';
import { seededRandom } from '../lib/support/random.ts';

export const VOCABULARY_SIZE = 60_000; // distinct words
const ZIPF_S = 1.05; // exponent of the word-frequency law
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ba', 'de', 'fi', 'go', 'hu', 'ja', 'pe', 'qu', 'ze', 'xo', 'wy', 'an', 'or', 'st', 'tr', 'el'];
const EXTRAS = ['!', '?', '.', ',', '…', ' 😂', ' 🔥', ' ❤️', ' 👀', ' https://t.co/x1y2z3', ''];

export interface BenchPost {
  text: string;
  lang: string | null;
}


/** Distinct pronounceable words, most frequent first. */
export function vocabulary(size = VOCABULARY_SIZE, seed = 7): string[] {
  const random = seededRandom(seed);
  const seen = new Set<string>();
  while (seen.size < size) {
    const syllables = 1 + Math.floor(random() * 3 + random() * 2); // 1-4, mostly 2-3
    let word = '';
    for (let i = 0; i < syllables; i += 1) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (random() < 0.3) word += String(Math.floor(random() * 100));
    seen.add(word);
  }
  return [...seen];
}

/** Draws vocabulary ranks with a Zipf law, by inverting a precomputed cumulative table. */
function zipfSampler(size: number, random: () => number): () => number {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let rank = 0; rank < size; rank += 1) cumulative[rank] = total += 1 / (rank + 1) ** ZIPF_S;
  return () => {
    const target = random() * total;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** Word counts with a median near 12 and a tail to 50, like real short posts. */
function postLength(random: () => number): number {
  const normal = Math.sqrt(-2 * Math.log(random() || 1e-9)) * Math.cos(2 * Math.PI * random());
  return Math.max(1, Math.min(50, Math.round(Math.exp(2.45 + 0.55 * normal))));
}

export function posts(count: number, words = vocabulary(), seed = 11): BenchPost[] {
  const random = seededRandom(seed);
  const rank = zipfSampler(words.length, random);
  const out: BenchPost[] = [];
  for (let i = 0; i < count; i += 1) {
    const parts: string[] = [];
    const length = postLength(random);
    for (let w = 0; w < length; w += 1) {
      let word = words[rank()]!;
      const roll = random();
      if (roll < 0.04) word = `#${word}`;
      else if (roll < 0.06) word = `@${word}`;
      else if (roll < 0.1) word = word[0]!.toUpperCase() + word.slice(1);
      parts.push(word);
    }
    const text = parts.join(' ') + EXTRAS[Math.floor(random() * EXTRAS.length)]!;
    out.push({ text, lang: random() < 0.8 ? 'en' : random() < 0.5 ? 'es' : null });
  }
  return out;
}

/**
 * `count` distinct terms as people type them: mostly one word, some AND pairs, some
 * OR lists, a few with a mute or a language. Words skew to the rarer end, as searches do.
 */
export function terms(count: number, words = vocabulary(), seed = 13): Array<{ key: string; query: Query }> {
  const random = seededRandom(seed);
  const pick = () => words[Math.floor(random() ** 0.5 * words.length)]!;
  const out: Array<{ key: string; query: Query }> = [];
  const seen = new Set<string>();
  while (out.length < count) {
    const roll = random();
    let text = pick();
    if (roll < 0.2) text = `${pick()} ${pick()}`;
    else if (roll < 0.3) text = `${pick()}, ${pick()}, ${pick()}`;
    else if (roll < 0.35) text = `${pick()} -${pick()}`;
    else if (roll < 0.4) text = `#${pick()}`;
    const lang = random() < 0.1 ? 'en' : null;
    const parsed = parseTerm(text, lang);
    if (!parsed.ok) continue;
    const key = `${lang ?? '*'}:${parsed.value.term}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ key, query: parsed.value.query });
  }
  return out;
}

// A mixed-language workload: English posts from posts() beside Japanese, Chinese, Korean
// and Thai ones built from the small word lists below, in shares near Bluesky's.
// Japanese and Thai glue words together; Korean puts spaces between words but glues
// particles on; Chinese glues everything. Each share is of posts, not of words.
const UNSPACED = {
  ja: {
    share: 0.28,
    words: ['東京', 'ラーメン', '天気', '友達', '映画', '電車', '会社', '猫', '写真', '音楽', '旅行', '今日', '明日', '仕事', '学校', 'コーヒー', 'ゲーム', 'アニメ', '駅', '桜', '大阪', '京都', 'カレー', '新刊', '配信'],
    glue: ['は', 'が', 'を', 'に', 'で', 'と', 'の', 'も', 'から', 'まで'],
    ends: ['です。', 'ました！', 'たい', 'よね', 'けど、', 'だった。', '！', 'w', '…'],
    space: '',
  },
  zh: {
    share: 0.1,
    words: ['我', '爱', '北京', '天安门', '今天', '天气', '很好', '朋友', '电影', '咖啡', '工作', '学习', '音乐', '喜欢', '上海', '吃饭', '手机', '时间', '我们', '真的'],
    glue: ['的', '了', '在', '是', '和', '也'],
    ends: ['。', '！', '，', '？', '～'],
    space: '',
  },
  ko: {
    share: 0.1,
    words: ['서울', '친구', '오늘', '커피', '영화', '날씨', '회사', '음악', '사진', '여행', '부산', '라면', '게임', '노래'],
    glue: ['에서', '는', '가', '를', '도', '와', '에', '이랑'],
    ends: ['만나요', '좋아요', '갔어요', '먹었어요', '봐요', '진짜', 'ㅋㅋ'],
    space: ' ',
  },
  th: {
    share: 0.08,
    words: ['ผม', 'ชอบ', 'กาแฟ', 'วันนี้', 'อากาศ', 'ดี', 'มาก', 'เพื่อน', 'ไป', 'กิน', 'ข้าว', 'กรุงเทพ', 'หนัง', 'เพลง', 'ทำงาน'],
    glue: ['ที่', 'และ', 'กับ', 'ของ'],
    ends: ['ครับ', 'ค่ะ', 'นะ', '555', ' '],
    space: '',
  },
} as const;
export type UnspacedLanguage = keyof typeof UNSPACED;

/** A post of `lang` from its word lists: words with their particles, then an ending. */
function unspacedPost(lang: UnspacedLanguage, random: () => number): string {
  const { words, glue, ends, space } = UNSPACED[lang];
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const phrases = 1 + Math.floor(random() * 6);
  const parts: string[] = [];
  for (let p = 0; p < phrases; p += 1) {
    let phrase = pick(words) + (random() < 0.7 ? pick(glue) : '');
    if (random() < 0.4) phrase += pick(words);
    // Bluesky's Japanese is full of Latin brand names, hashtags and links
    if (random() < 0.08) phrase += random() < 0.5 ? ' #' + pick(words) + ' ' : 'iPhone';
    parts.push(phrase);
    if (random() < 0.5) parts.push(pick(ends));
  }
  return parts.join(space) + pick(ends);
}

/** `count` posts, English from posts() and the rest in the unspaced languages by their shares. */
export function mixedPosts(count: number, words = vocabulary(), seed = 17): BenchPost[] {
  const random = seededRandom(seed);
  const english = posts(count, words, seed + 1);
  return english.map((post) => {
    let roll = random();
    for (const lang of Object.keys(UNSPACED) as UnspacedLanguage[]) {
      roll -= UNSPACED[lang].share;
      if (roll < 0) return { text: unspacedPost(lang, random), lang };
    }
    return post;
  });
}

/**
 * `count` distinct terms for the mixed corpus: English ones from terms(), and for a
 * share like the posts' a word of an unspaced language, a compound of two (東京ラーメン),
 * or, for volume, a name of two to four characters drawn from that language's words.
 */
export function mixedTerms(count: number, words = vocabulary(), seed = 19): Array<{ key: string; query: Query }> {
  const random = seededRandom(seed);
  const english = terms(count, words, seed + 1);
  const out: Array<{ key: string; query: Query }> = [];
  const seen = new Set<string>();
  let next = 0;
  const languages = Object.keys(UNSPACED) as UnspacedLanguage[];
  const unspacedShare = languages.reduce((sum, lang) => sum + UNSPACED[lang].share, 0);
  while (out.length < count) {
    let text: string;
    if (random() < unspacedShare) {
      const lang = languages[Math.floor(random() * languages.length)]!;
      const list = UNSPACED[lang].words;
      const pick = () => list[Math.floor(random() * list.length)]!;
      const roll = random();
      if (roll < 0.1) text = pick();
      else if (roll < 0.2) text = pick() + pick();
      else if (roll < 0.25) text = `${pick()} ${pick()}`;
      else {
        const chars = [...list.join('')];
        const length = 2 + Math.floor(random() * 3);
        text = Array.from({ length }, () => chars[Math.floor(random() * chars.length)]).join('');
      }
    } else {
      const term = english[next++ % english.length]!;
      if (seen.has(term.key)) continue;
      seen.add(term.key);
      out.push(term);
      continue;
    }
    const parsed = parseTerm(text);
    if (!parsed.ok) continue;
    const key = `*:${parsed.value.term}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ key, query: parsed.value.query });
  }
  return out;
}
