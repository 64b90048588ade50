// The word banks the demo source draws from: authors, sentences, tags and emoji.
// Plain data, so the generator in demo.ts stays short.
import type { Post } from '../contract/events.ts';

export interface DemoAuthor {
  name: string;
  handle: string;
  avatar: number; // index of /avatars/<n>.svg
}

export const AUTHORS: readonly DemoAuthor[] = [
  { name: 'Ada Okafor', handle: 'ada_builds', avatar: 0 },
  { name: 'Marco Bianchi', handle: 'marcob', avatar: 1 },
  { name: 'Priya Natarajan', handle: 'priya_n', avatar: 2 },
  { name: 'Sam Lee', handle: 'samlee', avatar: 3 },
  { name: 'Lucía Fernández', handle: 'lucia_fz', avatar: 4 },
  { name: 'Jonas Müller', handle: 'jonas_m', avatar: 5 },
  { name: '佐藤 花子', handle: 'hanako_s', avatar: 6 },
  { name: 'Chloé Martin', handle: 'chloe_mrtn', avatar: 7 },
  { name: 'Kwame Mensah', handle: 'kwame', avatar: 8 },
  { name: 'Olivia Brown', handle: 'liv_reads', avatar: 9 },
  { name: 'Mateus Silva', handle: 'mateus_s', avatar: 10 },
  { name: 'Noor Haddad', handle: 'noorh', avatar: 11 },
  { name: 'Weather Desk', handle: 'weatherdesk', avatar: 2 },
  { name: 'City Transit', handle: 'citytransit', avatar: 5 },
  { name: 'Dev Tips Daily', handle: 'devtipsdaily', avatar: 8 },
];

export const OPENERS: readonly string[] = [
  'Just saw', 'Can we talk about', 'Hot take:', 'Reminder:', 'Honestly', 'Today I learned',
  'Big news:', 'Not sure about', 'Loving', 'Anyone else thinking about', 'Thread on', 'Quick one:',
];

export const TOPICS: readonly string[] = [
  'the new coffee place downtown', 'cats', 'dogs', 'the football match last night', 'rain again',
  'websockets', 'javascript', 'the city marathon', 'my garden tomatoes', 'a great book',
  'the train delays', 'open source', 'music festivals', 'pizza', 'the weather this weekend',
  'space launches', 'electric cars', 'homemade bread', 'the museum exhibit', 'typescript',
];

export const CLOSERS: readonly string[] = [
  'and I have thoughts.', 'which made my day.', 'Who else?', 'Absolutely wild.', 'More soon.',
  'Highly recommend.', 'Not impressed, to be honest.', 'What do you think?', '', 'Love it.',
];

export const HASHTAGS: readonly string[] = [
  '#tech', '#cats', '#music', '#news', '#football', '#weekend', '#coding', '#food', '#travel', '#art',
];

export const EMOJI: readonly string[] = ['🔥', '😂', '🎉', '☕', '🐱', '⚽', '🌧️', '🚀', '❤️', '👀', '👨‍👩‍👧'];

/** Whole posts in other languages, so the language filter has something to do. */
export const FOREIGN: ReadonlyArray<{ lang: string; text: string }> = [
  { lang: 'es', text: 'Hoy hace un día precioso para pasear por el parque' },
  { lang: 'fr', text: 'Le café du coin fait les meilleurs croissants de la ville' },
  { lang: 'de', text: 'Der Zug hat schon wieder zwanzig Minuten Verspätung' },
  { lang: 'pt', text: 'Alguém viu o jogo de ontem? Que final incrível' },
  { lang: 'ja', text: '今日は雨ですね。猫と一緒に家でゆっくりします' },
  { lang: 'it', text: 'La pizza di stasera era davvero perfetta' },
];

/**
 * What some demo posts show besides their text, so a newcomer sees every kind of card
 * offline: images from our own /media/ files, a video, a link card, a quote, a reply and
 * a labelled image. Link cards point at example.com, a domain reserved for examples.
 */
export const SHOWN: ReadonlyArray<Partial<Post>> = [
  { images: [{ thumb: '/media/harbour.svg', full: '/media/harbour.svg', alt: 'A sailing boat in a harbour at sunset, the sun low and red over dark water', width: 400, height: 300 }] },
  {
    images: [
      { thumb: '/media/cat.svg', full: '/media/cat.svg', alt: 'A grey cat with yellow eyes looking straight at the camera', width: 400, height: 300 },
      { thumb: '/media/garden.svg', full: '/media/garden.svg', alt: 'Red tomatoes on a tall plant against a pale sky', width: 300, height: 400 },
    ],
  },
  {
    card: {
      url: 'https://example.com/news/city-marathon-route',
      host: 'example.com',
      title: 'City marathon: the new route, street by street',
      description: 'Road closures, the best places to watch, and where the water stations are this year.',
      thumb: '/media/article.svg',
    },
  },
  { quote: { name: 'City Transit', screen_name: 'citytransit', text: 'Trains on the north line run every 10 minutes again from today.', url: null } },
  { replyTo: { screen_name: 'weatherdesk', url: null } },
  { video: { poster: '/media/train.svg', url: 'https://bsky.app/profile/bsky.app', alt: 'A yellow train pulling into the station' } },
  { sensitive: true, images: [{ thumb: '/media/vet.svg', full: '/media/vet.svg', alt: 'A red cross on a pink background (labelled as graphic by its author)', width: 400, height: 300 }] },
  {
    images: [
      { thumb: '/media/harbour.svg', full: '/media/harbour.svg', alt: 'The harbour again, from the pier', width: 400, height: 300 },
      { thumb: '/media/cat.svg', full: '/media/cat.svg', alt: 'The cat, unimpressed', width: 400, height: 300 },
      { thumb: '/media/garden.svg', full: '/media/garden.svg', alt: 'The garden in the morning', width: 300, height: 400 },
    ],
  },
];
