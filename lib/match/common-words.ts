// Words found in a large share of all public posts: the most frequent words of the
// languages most posted in, and the bits of links and markup that posts are full of.
// The term index files a term under one of its words, and a post pays for every term
// filed under each of its words, so it avoids these when a term has any other word.
//
// Small by design: it only has to know the words that are everywhere. A word missing
// here costs speed in a rare case, never a match (test/lib/match/common-words.test.ts
// checks each entry is one token, exactly as the tokeniser gives it).

const WORDS = {
  // Links, retweets and HTML entities left in post text ("https://t.co/…", "&amp;")
  web: 'https http t co www com rt amp gt lt quot via lol lmao omg u ur im dont',
  en: `the be to of and a in that have i it for not on with he as you do at this but his by
    from they we say her she or an will my one all would there their what so up out if about
    who get which go me when make can like time no just him know take people into year your
    good some could them see other than then now look only come its over think also back
    after use two how our work first well way even new want because any these give day most
    us is are was were been has had did does am s re ll ve m d don didn doesn isn wasn
    love today really more here got going much too very still why where being need right
    oh yes yeah thank thanks please`,
  es: `de la que el en y a los se del las un por con no una su para es al lo como más mas pero
    sus le ya o este sí si porque esta entre cuando muy sin sobre también me hasta hay donde
    quien desde todo nos todos uno les ni otros ese eso esto yo qué mi mis tu te ti él ella
    son fue ser está estoy bien hoy`,
  pt: `de a o que e do da em um para é com não uma os no se na por mais as dos como mas foi ao
    ele das tem à seu sua ou ser quando muito há nos já está eu também só pelo pela até isso
    ela entre era depois sem mesmo ter quem me esse eles você vc essa meu minha nós tá pra`,
  fr: `de la le et les des en un du une que est pour qui dans a par plus pas au sur ne se ce il
    sont avec ou son sa je on mais nous vous elle ils y été aux cette ces mes c l j n qu
    tout comme bien être fait ça ai moi toi très aussi`,
  de: `der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es
    an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so
    zum war haben nur oder aber vor zur bis mehr durch man ich du wir ihr mir mich dir heute
    schon jetzt hier was ja`,
  it: `di e il la che a per un in è non una i da sono le del si con della lo ma mi al ho come
    gli ci più se io anche ha questo nel alla tu ti cosa tutto solo già ancora dei delle`,
  id: 'yang dan di ini itu dengan untuk tidak dari dalam akan ke ada saya aku kamu juga ya apa sudah bisa lagi mau gak',
  tr: 'bir ve bu da de çok ne için ben o mi ile gibi var sen ama daha',
  ru: 'и в не на я что с он как а то все это по но к у из за так же от мы ты вы',
  ar: 'في من على و ان إلى الى ما لا عن مع هذا أن كان يا الله',
};

/** Every common word, folded as the tokeniser folds post text. */
export const COMMON_WORDS: ReadonlySet<string> = new Set(Object.values(WORDS).flatMap((list) => list.split(/\s+/).filter(Boolean)));

/** True for a word so frequent in posts that filing a term under it costs every post that has it. */
export function isCommonWord(word: string): boolean {
  // A single letter or digit is in nearly every post, in any language
  return COMMON_WORDS.has(word) || [...word].length === 1;
}
