/**
 * People in busy channels write two or three sentences of context before the question ("We moved office
 * last week… uploading our image now takes 40 minutes. Anything I can check?"). Matched as one blob, the
 * context words dilute the question. This finds the question inside the message: sentences come from
 * Intl.Segmenter, the most question-like sentence is the last one that asks (question mark or an
 * interrogative), and the candidates are that sentence alone and with up to two sentences of context before
 * it, plus the whole message. The matcher keeps the candidate it is most confident about.
 */

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Words that open or carry a question in the five languages (lowercase; CJK matched anywhere). */
const INTERROGATIVE_LATIN =
  /^(how|what|why|where|when|which|who|is|are|can|could|do|does|did|should|any|anything|wie|was|warum|wieso|weshalb|wo|wann|welche[rsnm]?|kann|können|gibt|muss|hur|vad|varför|var|när|vilken|vilka|kan|går|finns|måste)\b/i;
const INTERROGATIVE_CJK =
  /(ですか|ますか|でしょうか|ませんか|方法|どう|なぜ|何|か[?？]?$|怎麼|如何|為什麼|是否|嗎|呢|哪)/;
const QUESTION_MARK = /[?？]\s*\S{0,4}\s*$/u;
/** Words that announce the question after context in the same sentence ("…he left last month, 請問 where is…"). */
const QUESTION_OPENER =
  /(?:請問|想請問|想問一下|想問|请问|質問です(?:が|けど)?[、，,]?|(?:my|the) question is:?|(?:meine )?frage(?: ist)?:|(?:min )?fråga(?: är)?:)\s*/iu;

/** Messages at least this long with several sentences get span candidates (short ones are one question). */
const MIN_CHARS = 60;
const MAX_CONTEXT_SENTENCES = 2;

export function splitSentences(text: string): string[] {
  return [...segmenter.segment(text)].map((s) => s.segment.trim()).filter((s) => s !== '');
}

function asks(sentence: string): boolean {
  return QUESTION_MARK.test(sentence) || INTERROGATIVE_LATIN.test(sentence) || INTERROGATIVE_CJK.test(sentence);
}

/** The whole message first, then the question sentence with 0…2 sentences of context before it. */
export function questionSpans(text: string): string[] {
  if (text.length < MIN_CHARS) return [text];
  const sentences = splitSentences(text);
  if (sentences.length < 2) return [text];
  let question = sentences.length - 1;
  for (let i = sentences.length - 1; i >= 0; i--) {
    if (asks(sentences[i]!)) {
      question = i;
      break;
    }
  }
  const spans = [text];
  for (let start = question; start >= Math.max(0, question - MAX_CONTEXT_SENTENCES); start--) {
    const span = sentences.slice(start, question + 1).join(' ');
    if (span !== text && !spans.includes(span)) spans.push(span);
  }
  // Context and question in one sentence: the question from the word that announces it.
  const opener = QUESTION_OPENER.exec(sentences[question]!);
  if (opener && opener.index > 0) {
    const tail = sentences[question]!.slice(opener.index + opener[0].length);
    if (tail.trim() !== '' && !spans.includes(tail)) spans.push(tail);
  }
  return spans;
}
