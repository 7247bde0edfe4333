/**
 * Small talk ("thanks for the help!", "hej hej, hur mår du?", "wer bist du?", "ok", "this bot is useless",
 * "thanks, that worked!")
 * is not a question about the registry: scored against the FAQ, its few known words ("help", "hur") can
 * still look like a topic. A message made only of small-talk phrases in the five languages is recognised
 * here, so the matcher abstains and the bot answers in kind instead of with an FAQ entry.
 */

import type { Lang } from '../../../core/lang.js';

export type SmallTalkKind = 'thanks' | 'greeting' | 'identity' | 'insult' | 'ack';

const INTENSIFIER = '(?:really|so|totally|just|echt|wirklich|so|total|verkligen|så|helt|本当に|ほんとに|真的|超)?\\s*';

/**
 * Phrases of each kind with their language (lowercase, after punctuation and emoji are removed). Order matters:
 * longest first, and the first language listed wins a phrase two languages share (了解).
 */
const PHRASES: Record<SmallTalkKind, [Lang, string][]> = {
  thanks: [
    [
      'en',
      '(?:thank you|thanks|thx|ty|tysm|cheers|many thanks)(?:\\s+(?:so much|very much|a lot|a bunch|again|for (?:the|your|all the) help|for that|mate|buddy|bot))*',
    ],
    [
      'sv',
      '(?:tack så mycket|tusen tack|stort tack|tack för hjälpen|tackar|tack)(?:\\s+(?:för hjälpen|så mycket|igen))*',
    ],
    [
      'de',
      '(?:vielen dank|danke schön|dankeschön|danke sehr|besten dank|danke)(?:\\s+(?:für die hilfe|für deine hilfe|für ihre hilfe|nochmal|dir))*',
    ],
    [
      'ja',
      '(?:どうもありがとうございました|どうもありがとうございます|ありがとうございました|ありがとうございます|ありがとう|サンキュー|助かりました|助かります)',
    ],
    ['zh-TW', '(?:謝謝你的幫忙|謝謝你的幫助|谢谢你的帮助|謝謝你|謝謝|谢谢|感謝幫忙|感謝|感谢|多謝|謝啦)'],
  ],
  greeting: [
    [
      'en',
      '(?:good (?:morning|afternoon|evening)|hello there|hi there|hello|hiya|howdy|hey|hi|yo|morning)(?:\\s+(?:everyone|all|folks|team|bot|there))*',
    ],
    ['en', '(?:how are you(?: doing)?|how is it going|hows it going|whats up|sup)'],
    ['sv', '(?:god morgon|godmorgon|god dag|god kväll|hejsan|hallå|tjena|tja|hej)(?:\\s+(?:alla|allihop|på dig))*'],
    ['sv', '(?:hur mår du|hur är läget|läget)'],
    ['de', '(?:guten (?:morgen|tag|abend)|grüß gott|grüezi|servus|moin|hallo)(?:\\s+(?:zusammen|alle|leute))*'],
    ['de', "(?:wie gehts|wie geht es dir|wie geht’s|wie geht's)"],
    ['ja', '(?:おはようございます|おはよう|こんにちは|こんばんは|はじめまして|よろしくお願いします|よろしく|やあ)'],
    ['zh-TW', '(?:大家好|你好|您好|哈囉|嗨|早安|午安|晚安)'],
  ],
  identity: [
    [
      'en',
      '(?:who are you|what are you|are you a bot|are you human|what is your name|whats your name|what can you do)',
    ],
    ['sv', '(?:vem är du|vad är du|vad heter du|vad kan du göra|vad kan du)'],
    ['de', '(?:wer bist du(?: eigentlich)?|was bist du|wie heißt du|was kannst du)'],
    ['ja', '(?:あなたは誰ですか|あなたはだれですか|あなたは誰|誰ですか|何ができますか|何ができるの)'],
    ['zh-TW', '(?:你是誰|你是谁|你叫什麼名字|你會做什麼|你能做什麼)'],
    // Asking for help without saying with what is asking what the bot can do (a bare "help" opens the help card
    // before the FAQ is consulted: core's HELP_WORDS).
    [
      'en',
      '(?:(?:please\\s+)?(?:can|could) (?:you|u) help(?: me)?(?: please)?|(?:please )?help me(?: please| out)?|i need (?:some )?help)',
    ],
    ['sv', '(?:kan du hjälpa (?:mig|till)|hjälp mig|jag behöver hjälp)'],
    ['de', '(?:kannst du mir helfen|können sie mir helfen|hilf mir|ich brauche hilfe)'],
    ['ja', '(?:助けてください|助けて|手伝ってください|手伝って)'],
    ['zh-TW', '(?:幫幫我|帮帮我|可以幫我嗎|我需要幫忙)'],
  ],
  insult: [
    [
      'en',
      `(?:you are|youre|you're|this bot is|the bot is|bot is|ur)\\s+${INTENSIFIER}(?:useless|stupid|dumb|terrible|garbage|trash|bad)`,
    ],
    ['en', '(?:useless|stupid|dumb) bot'],
    ['sv', `(?:du är|boten är)\\s+${INTENSIFIER}(?:värdelös|dum|korkad|dålig)`],
    ['de', `(?:du bist|der bot ist)\\s+${INTENSIFIER}(?:nutzlos|dumm|blöd|schlecht)`],
    ['ja', `${INTENSIFIER}(?:役に立たない|使えない|ばか|バカ)`],
    ['zh-TW', `(?:你)?${INTENSIFIER}(?:好爛|很爛|沒用|很笨|廢物)`],
  ],
  ack: [
    ['en', '(?:okay|ok|kk|k|cool|great|nice|awesome|got it|perfect|alright|sounds good|will do)'],
    ['sv', '(?:okej|toppen|perfekt|jaha|japp|bra)'],
    ['de', '(?:alles klar|verstanden|passt|prima|super|gut)'],
    ['ja', '(?:わかりました|了解です|了解|りょうかい|いいね)'],
    ['zh-TW', '(?:好的|收到|了解|嗯|好)'],
    // Saying that it worked ("thanks, that worked!") reports an outcome; it asks nothing.
    [
      'en',
      '(?:(?:that|it|this) (?:worked|works now|did the trick|fixed it|solved it|helped)|works now|problem solved|all good now)',
    ],
    ['sv', '(?:det (?:funkade|fungerade|funkar nu|fungerar nu|löste sig|hjälpte)|nu funkar det|nu fungerar det)'],
    [
      'de',
      '(?:(?:das |es )?hat (?:geklappt|funktioniert|geholfen)|(?:das |es )?funktioniert jetzt|klappt jetzt|problem gelöst)',
    ],
    ['ja', '(?:うまくいきました|解決しました|できました|動きました|直りました|うまくいった|できた)'],
    ['zh-TW', '(?:成功了|解決了|解决了|搞定了|可以了)'],
  ],
};

/** Named groups `kind__lang` ("greeting__zh_TW"): which phrase matched tells both. */
const groupName = (kind: SmallTalkKind, lang: Lang) => `${kind}__${lang.replace('-', '_')}`;
const GROUPS: { name: string; kind: SmallTalkKind; lang: Lang }[] = (Object.keys(PHRASES) as SmallTalkKind[]).flatMap(
  (kind) =>
    [...new Set(PHRASES[kind].map(([lang]) => lang))].map((lang) => ({ name: groupName(kind, lang), kind, lang })),
);
const UNIT = new RegExp(
  `^(?:${GROUPS.map(
    ({ name, kind, lang }) =>
      `(?<${name}>${PHRASES[kind]
        .filter(([l]) => l === lang)
        .map(([, phrase]) => phrase)
        .join('|')})`,
  ).join('|')})(?=\\s|$)\\s*`,
  'u',
);
const CJK_UNIT = new RegExp(UNIT.source.replace('(?=\\s|$)', ''), 'u');

/** Lowercase, @mentions, punctuation, symbols and emoji removed, spaces collapsed. */
function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/@\S+/g, ' ')
    .replace(/[^\p{L}\p{N}\s'’]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const MAX_CHARS = 80;

export interface SmallTalk {
  kind: SmallTalkKind;
  /** The language of the phrase that decided the kind. */
  lang: Lang;
}

/** The small talk a whole message is (the first kind that is not a mere "ok", with its language), or null. */
export function smallTalk(text: string): SmallTalk | null {
  let rest = normalize(text);
  if (rest === '' || rest.length > MAX_CHARS) return null;
  let found: SmallTalk | null = null;
  while (rest !== '') {
    // CJK phrases are not separated by spaces, Latin ones must end at a word boundary.
    const m = (/^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(rest) ? CJK_UNIT : UNIT).exec(rest);
    if (!m || m[0] === '') return null;
    const group = GROUPS.find(({ name }) => m.groups?.[name] !== undefined)!;
    if (found === null || found.kind === 'ack') found = { kind: group.kind, lang: group.lang };
    rest = rest.slice(m[0].length).trimStart();
  }
  return found;
}
