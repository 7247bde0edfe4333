/**
 * Small talk ("thanks for the help!", "hej hej, hur mår du?", "wer bist du?", "ok", "this bot is useless")
 * is not a question about the registry: scored against the FAQ, its few known words ("help", "hur") can
 * still look like a topic. A message made only of small-talk phrases in the five languages is recognised
 * here, so the matcher abstains and the bot answers in kind instead of with an FAQ entry.
 */

export type SmallTalkKind = 'thanks' | 'greeting' | 'identity' | 'insult' | 'ack';

const INTENSIFIER = '(?:really|so|totally|just|echt|wirklich|so|total|verkligen|så|helt|本当に|ほんとに|真的|超)?\\s*';

/** One phrase of each kind (lowercase, after punctuation and emoji are removed). Order matters: longest first. */
const PHRASES: Record<SmallTalkKind, string[]> = {
  thanks: [
    '(?:thank you|thanks|thx|ty|tysm|cheers|many thanks)(?:\\s+(?:so much|very much|a lot|a bunch|again|for (?:the|your|all the) help|for that|mate|buddy|bot))*',
    '(?:tack så mycket|tusen tack|stort tack|tack för hjälpen|tackar|tack)(?:\\s+(?:för hjälpen|så mycket|igen))*',
    '(?:vielen dank|danke schön|dankeschön|danke sehr|besten dank|danke)(?:\\s+(?:für die hilfe|für deine hilfe|für ihre hilfe|nochmal|dir))*',
    '(?:どうもありがとうございました|どうもありがとうございます|ありがとうございました|ありがとうございます|ありがとう|サンキュー|助かりました|助かります)',
    '(?:謝謝你的幫忙|謝謝你的幫助|谢谢你的帮助|謝謝你|謝謝|谢谢|感謝幫忙|感謝|感谢|多謝|謝啦)',
  ],
  greeting: [
    '(?:good (?:morning|afternoon|evening)|hello there|hi there|hello|hiya|howdy|hey|hi|yo|morning)(?:\\s+(?:everyone|all|folks|team|bot|there))*',
    '(?:how are you(?: doing)?|how is it going|hows it going|whats up|sup)',
    '(?:god morgon|godmorgon|hejsan|hallå|tjena|hej)(?:\\s+(?:alla|allihop|på dig))*',
    '(?:hur mår du|hur är läget|läget)',
    '(?:guten (?:morgen|tag|abend)|grüß gott|servus|moin|hallo)(?:\\s+(?:zusammen|alle|leute))*',
    '(?:wie gehts|wie geht es dir|wie geht’s|wie geht\'s)',
    '(?:おはようございます|おはよう|こんにちは|こんばんは|はじめまして|よろしくお願いします|よろしく)',
    '(?:大家好|你好|您好|哈囉|嗨|早安|午安|晚安)',
  ],
  identity: [
    '(?:who are you|what are you|are you a bot|are you human|what is your name|whats your name|what can you do)',
    '(?:vem är du|vad är du|vad heter du|vad kan du göra|vad kan du)',
    '(?:wer bist du(?: eigentlich)?|was bist du|wie heißt du|was kannst du)',
    '(?:あなたは誰ですか|あなたはだれですか|あなたは誰|誰ですか|何ができますか|何ができるの)',
    '(?:你是誰|你是谁|你叫什麼名字|你會做什麼|你能做什麼)',
  ],
  insult: [
    `(?:you are|youre|you're|this bot is|the bot is|bot is|ur)\\s+${INTENSIFIER}(?:useless|stupid|dumb|terrible|garbage|trash|bad)`,
    '(?:useless|stupid|dumb) bot',
    `(?:du är|boten är)\\s+${INTENSIFIER}(?:värdelös|dum|korkad|dålig)`,
    `(?:du bist|der bot ist)\\s+${INTENSIFIER}(?:nutzlos|dumm|blöd|schlecht)`,
    `${INTENSIFIER}(?:役に立たない|使えない|ばか|バカ)`,
    `(?:你)?${INTENSIFIER}(?:好爛|很爛|沒用|很笨|廢物)`,
  ],
  ack: [
    '(?:okay|ok|kk|k|cool|great|nice|awesome|got it|perfect|alright|sounds good|will do)',
    '(?:okej|toppen|perfekt|jaha|japp|bra)',
    '(?:alles klar|verstanden|passt|prima|super|gut)',
    '(?:わかりました|了解です|了解|りょうかい|いいね)',
    '(?:好的|收到|了解|嗯|好)',
  ],
};

const UNIT = new RegExp(
  `^(?:${(Object.keys(PHRASES) as SmallTalkKind[]).map((kind) => `(?<${kind}>${PHRASES[kind].join('|')})`).join('|')})(?=\\s|$)\\s*`,
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

/** The kind of small talk a whole message is (the first kind that is not a mere "ok"), or null. */
export function smallTalkKind(text: string): SmallTalkKind | null {
  let rest = normalize(text);
  if (rest === '' || rest.length > MAX_CHARS) return null;
  let kind: SmallTalkKind | null = null;
  while (rest !== '') {
    // CJK phrases are not separated by spaces, Latin ones must end at a word boundary.
    const m = (/^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(rest) ? CJK_UNIT : UNIT).exec(rest);
    if (!m || m[0] === '') return null;
    const found = (Object.keys(PHRASES) as SmallTalkKind[]).find((k) => m.groups?.[k] !== undefined)!;
    if (kind === null || kind === 'ack') kind = found;
    rest = rest.slice(m[0].length).trimStart();
  }
  return kind;
}
