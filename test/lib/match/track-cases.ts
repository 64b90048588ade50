// The table of Twitter `track` cases that both the reference matcher and the term
// index must satisfy. Each row: term, post text, expected match.
export const TRACK_CASES: ReadonlyArray<[term: string, text: string, expected: boolean]> = [
  ['cats', 'I love Cats!', true],
  ['cats', '#cats rule', true],
  ['cats', '@cats said hi', true],
  ['cats', 'concatenate', false],
  ['cats', 'cat', false],
  ['cats', 'CATS.', true],
  ['cats', '"cats"', true],
  ['red car', 'the car is red', true],
  ['red car', 'a red bike', false],
  ['red car', 'Red, car!', true],
  ['cats, dogs', 'dogs only here', true],
  ['cats, dogs', 'cats only here', true],
  ['cats, dogs', 'birds only here', false],
  ['#cats', '#cats rule', true],
  ['#cats', 'cats rule', false],
  ['#Cats', 'I like #CATS', true],
  ['@bob', 'hey @bob', true],
  ['@bob', 'hey bob', false],
  ['@bob', 'mail bob@example.com', false],
  ['hello.', 'hello world', true],
  ['e-mail', 'send an e-mail', true],
  ['e-mail', 'email me', false],
  ['café', 'un CAFÉ noir', true],
  ['ｃａｔｓ', 'cats everywhere', true],
  ['cats -dogs', 'cats and dogs', false],
  ['cats -dogs', 'cats alone', true],
  ['cats, birds -dogs', 'birds and dogs', false],
  ['naïve', 'so naive', false],
  ['a.b', 'a b', true],
  ['[cats]', 'cats', true],
  ['(a+)+$', 'a', true],
  // Scripts written without spaces: a term's word matches inside a run, as a reader expects
  ['東京', '東京は晴れです', true],
  ['東京', '東京タワーに行きたい', true],
  ['ラーメン', '今日はラーメンを食べた', true],
  ['北京', '我爱北京天安门', true],
  ['서울', '서울에서 만나요', true],
  ['กาแฟ', 'ผมชอบกาแฟ', true],
  ['ລາວ', 'ປະເທດລາວງາມ', true], // Lao
  ['ខ្មែរ', 'ភាសាខ្មែរ', true], // Khmer
  ['မြန်မာ', 'မြန်မာစာ', true], // Myanmar
  ['猫', '吾輩は猫である', true], // one character
  ['東京 ラーメン', 'ラーメンなら東京', true],
  ['東京', '京都に行った', false],
  ['ラーメン', 'ラーメメン', false], // every bigram of the term, but not the term
  // A term split across two runs by punctuation or a space is not there
  ['東京', '東。京', false],
  ['東京', '東 京', false],
  ['서울', '서 울에서', false],
  ['東京', '東京', true],
  ['東京タワー', '東京 タワー', false],
  ['東京 -タワー', '東京タワーに行きたい', false], // a mute matches inside a run too
  ['東京 -タワー', '東京は晴れです', true],
  ['#東京', '#東京 は晴れ', true],
  ['#東京', '東京は晴れ', false],
  ['iphone', 'iPhoneを買った', true], // a Latin word touching Japanese is still whole
  ['phone', 'iPhoneを買った', false],
  ['ｶﾞｰﾃﾞﾝ', 'ガーデンに行く', true], // half-width katakana fold to full width
  ['ガーデン', 'ｶﾞｰﾃﾞﾝに行く', true],
];
