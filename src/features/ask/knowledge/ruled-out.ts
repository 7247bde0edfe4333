/**
 * People rule out the neighbour of their problem in the same breath: "push is painfully slow, pull is fine",
 * "pullは普通なんだけど push が遅い", "Pull går snabbt men push är seg". Matched as one bag of words, the
 * ruled-out half ("pull") pulls the answer to the neighbour topic. This finds the clauses that say something
 * works as it should (fine, normal, fast, no problem, no error… in the five languages), so the matcher can weigh their
 * words down. A clause that asks something, or negates the state ("not fast", "nicht normal"), is never
 * ruled out, and "works"/"succeeds" alone are not markers: "login works but pull fails" is itself a topic.
 * So is a clause that sets something aside (SET_ASIDE): the first half of a corrective contrast ("not X, but Y",
 * "nicht X, sondern Y", "不是 X，是 Y"), what the question is not about, what the asker does not want or need, what
 * was not changed, a capability the asker already knows or a cause the asker already understands. A failure that does
 * not happen ("no errors", "bricht nicht ab") describes the complaint's own subject, so only those words are set
 * aside, not the clause; and something that works only later ("the retry an hour later went through fine") is the
 * symptom of a delay, never set aside.
 */

/** Clause boundaries: punctuation, line breaks and the contrastive conjunctions of the five languages. */
const CLAUSE_BREAK =
  /(?<=[.;!?。；！？…\n])|(?=（)|[,、，]\s*|:\s+|\s[—–-]+\s|[—–]+|\p{Extended_Pictographic}+|\s(?:but|though|while|whereas|aber|doch|jedoch|während|men|medan)\s|(?<=\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana})(?:けど|けれど|のに|が、)|可是|但是|但|不過|不过|卻|而是|\s(?=sondern\s|rather\s|instead\s|utan\s(?!att\b))|(?<=ではなく|じゃなく)て?/giu;

/**
 * "It works as it should", per language (Latin ones whole-word; CJK anywhere). A state ("pull is fine", "push geht
 * normal") sets its clause's subject aside; a failure that does not happen ("no errors", "bricht nicht ab",
 * タイムアウトはしない) describes the complaint's own subject ("the pull doesn't abort, it's just slow"), so only
 * those words are set aside.
 */
const FINE_STATE_LATIN = String.raw`fine|normal|normally|as usual|okay|ok|okej|geht (?:\w+ )?fix|no problems?|no issues?|(?:is|are|was|were|seems?) (?:fast|quick)|(?:at )?full speed|volle(?:r)? geschwindigkeit|full fart|quick(?:ly)?|flott|schnell|problemlos|kein problem|wie immer|einwandfrei|fint|normalt|som vanligt|snabbt?|inga problem|utan problem|funkar bra|går bra|fungerar bra`;
const FAILURE = String.raw`(?:fail(?:ing|s)?|tim(?:e|ing) ?out|abort(?:ing|s)?)`;
const NO_FAILURE_LATIN = String.raw`no errors?|without (?:an |any )?errors?|(?:not|never|doesn'?t|don'?t|do not|isn'?t|aren'?t|won'?t|without) ${FAILURE}(?: or ${FAILURE})?|kein(?:e|en)? (?:abbruch|abbrüche|timeout)|bricht (?:\w+ )?(?:nicht|nie|niemals) ab|nichts bricht ab|(?:avbryts|bryts|misslyckas|failar) (?:\w+ )?(?:inte|aldrig)|inga (?:avbrott|timeouts?)|utan (?:avbrott|timeout)|kein(?:e|en)? (?:fehler|fehlermeldung)|ohne fehler(?:meldung)?|inga fel(?:meddelanden)?|utan fel`;
const FINE_LATIN_ALL = new RegExp(String.raw`\b(?:${FINE_STATE_LATIN}|${NO_FAILURE_LATIN})\b`, 'giu');

/** Something that worked: with "without errors" it reports another action's success, not the complaint's subject. */
const SUCCEEDED =
  /\b(?:work(?:s|ed)|succeed(?:s|ed)|went through|klappt|geklappt|funktioniert|lief|funkar|funkade|fungerar|fungerade|lyckades|gick)\b|成功|できた|できました|通った|通りました/iu;
const NO_FAILURE_CJK = String.raw`タイムアウト(?:に)?(?:は|も)?(?:しない|しません|してない|していない|せず|ならない|なりません|ならず)|失敗(?:は|も)?(?:しない|しません|せず)|エラー(?:に)?(?:は|も)?(?:ならない|なりません|ならず)|沒有(?:逾時|timeout|失敗|中斷)|不會(?:逾時|timeout|失敗|中斷)|エラーは(?:出|で)(?:ない|ていない|ません)|エラーなし|沒有(?:錯誤|報錯|error)|沒報錯`;
const FINE_STATE_CJK = String.raw`普通|問題ない|問題なく|問題無く|速い|早い|大丈夫|正常|順調|いつも通り|沒問題|没问题|很快|還好|还好|順利|顺利|沒事`;
const FINE_CJK = new RegExp(`${NO_FAILURE_CJK}|${FINE_STATE_CJK}`, 'u');
/** A marker that reports a failure not happening (only those words are set aside). */
const NO_FAILURE = new RegExp(String.raw`^(?:${NO_FAILURE_LATIN}|${NO_FAILURE_CJK})$`, 'iu');

/** Whether a ruled-out part is a failure that does not happen ("no errors", "bricht nicht ab"), not a clause. */
export function isNoFailure(part: string): boolean {
  return NO_FAILURE.test(part);
}

/** What the question is not about: "it's not about…", "not asking about…", "es geht nicht um…", "det gäller inte…". */
const NOT_ABOUT = String.raw`\b(?:(?:it'?s|this is|is) not about|(?:i'?m )?not asking about|(?:geht|handelt) es (?:\w+ )?(?:sich )?nicht um|es geht (?:\w+ )?nicht um|nicht ums?\b|(?:det )?(?:gäller|handlar) (?:\w+ )?inte(?: om)?|jag frågar inte om|(?:mich|uns) interessiert (?:\w+ )?nicht|interessiert (?:mich|uns) (?:\w+ )?nicht|nicht die frage|inte frågan|not the question|es ist nicht so(?:,? dass)?|it'?s not (?:that|like)|det är inte så(?: att)?|(?:i|we) don'?t care (?:about|why))\b`;
/** The marker ends its clause: the next clause says what the question is not about. */
const NOT_ABOUT_AT_END = new RegExp(String.raw`(?:${NOT_ABOUT})[\s,:;.!—–-]*$`, 'iu');
/** "…が使えるのは知ってます": a capability the asker already knows (also as a closing clause). */
const KNOWN_CAPABILITY_JA = String.raw`(?:できる|使える)(?:のは|ことは)知って(?:います|ます|る)`;
/** "…は不要で", "…は要らないです": what the asker does not need (also as a closing clause). */
const NOT_NEEDED_JA = String.raw`(?:不要|要らない|いらない)`;

/**
 * A corrective contrast names the neighbour to set it aside: "not the home region one, another replica",
 * "nicht unvollständig, sondern gar nicht da", "不是 home region 那個", "プルではなくプッシュ", or says what the
 * question is not about ("it's not about templates", "es geht nicht um…", "det gäller inte Kubernetes", "…とは別で").
 */
const SET_ASIDE = new RegExp(
  [
    // The clause opens with the negation: "not the home region one", "nicht unvollständig", "不是 home region 那個".
    String.raw`^(?:(?:not|nicht|kein|keine|inte|ej)\b|我?不是|並不是|并不是|.{1,6}的不是)`,
    String.raw`(?:ではなく|じゃなく)$`,
    // What the question is not about: "it's not about…", "not asking about…", "es geht nicht um…", "det gäller inte…".
    NOT_ABOUT,
    String.raw`(?:の問題|の話|のこと|が原因)(?:で|じゃ)(?:は)?(?:ない|ありません)(?:です)?[。.!！]?$|とは(?:別|関係なく)|跟.{0,12}無關|不是要問|不是在問|(?:應該|应该)不是.{0,12}(?:問題|问题)`,
    // What the asker does not want or need: "I don't want to hand out roles", "ich will keinen Trace", "不想…".
    String.raw`\b(?:don'?t|do not) (?:want|need) to\b|\b(?:i|we) (?:don'?t|do not) need\b|\b(?:ich|wir) (?:will|wollen|möchte|möchten|brauch(?:e|en)?|benötige[n]?) (?:\w+ )?(?:nicht|kein(?:e|en|er)?)\b|\b(?:brauch(?:e|en)?|benötige[n]?) (?:ich|wir) (?:\w+ )?(?:nicht|kein(?:e|en|er)?)\b|\bbehöver (?:jag|vi) (?:\w+ )?inte\b|\b(?:jag|vi) (?:vill|behöver) (?:\w+ )?inte\b|不想|不是想|^(?:我|我們)?不需要|したいわけでは|(?:は|とか(?:は)?)?${NOT_NEEDED_JA}(?:で|です|だ|なので)?[。.!！]?$|(?:要らなくて|いらなくて)$`,
    // What was not changed, so is not the cause: "haven't touched the firewall", "設定は変えていません", "沒有改".
    String.raw`\b(?:(?:have|has)n'?t|have not|didn'?t|did not) (?:changed|touched|modified)\b|\bnothing (?:has )?changed\b|\b(?:nicht|nichts) (?:\w+ ){0,3}(?:geändert|verändert|angefasst)\b|\b(?:inte|inget|ingenting) (?:\w+ ){0,3}ändrat\b|(?:変えて|変更して|触って|いじって)(?:い)?(?:ません|ない)|(?:変えて|変更して|触って|いじって)おらず|(?:沒有?|没有?)(?:改|動|动|變更|变更)`,
    // A capability the asker already knows: "I know I can…", "…が使えるのは知ってます", "我知道可以…".
    String.raw`\b(?:i|we) (?:already )?know (?:that )?(?:\w+ ){1,2}can\b|\b(?:ich|wir) weiß,? dass (?:ich|man|wir) \S+(?: \S+){0,4} kann|\b(?:jag|vi) vet (?:redan )?att (?:jag|man|vi) kan\b|我(?:已經)?知道(?:可以|能)|${KNOWN_CAPABILITY_JA}`,
    // What the asker already understands: "I understand it's the shared layers", "vi fattar att…", "…だと理解しました".
    String.raw`\b(?:i|we) (?:already )?(?:understand|get it|realize|realise)\b|\b(?:ich|wir) (?:weiß|wissen|verstehe|verstehen)(?: schon| ja)?,? (?:dass|warum)\b|\b(?:jag|vi) (?:fattar|förstår|vet)(?: redan)? (?:att|varför)\b|(?:と|のは)?理解しています|(?:と|のは)?理解しました|(?:は|のは)(?:分かって|わかって)(?:います|ます|る)|我(?:們)?(?:已經)?(?:了解|明白)`,
  ].join('|'),
  'iu',
);
/**
 * A closing clause that sets the neighbour aside: a short afterthought ("…, not the quarantine", "…, inte karantän"),
 * one that opens with what the question is not about ("…? Not the question why it doesn't shrink."), a capability the
 * asker already knows or what the asker does not need ("…資格情報の出力とかは要らないです").
 */
const SET_ASIDE_LAST = new RegExp(
  [
    String.raw`^(?:not|nicht|kein|keine|inte|ej)\s+\S+(?:\s+\S+){0,2}[.!]?$`,
    String.raw`^\W*(?:${NOT_ABOUT})`,
    KNOWN_CAPABILITY_JA,
    String.raw`(?:は|とか(?:は)?)${NOT_NEEDED_JA}(?:です)?[。.!！]?$`,
  ].join('|'),
  'iu',
);
const CORRECTION = /^(?:sondern|rather|instead|utan)\b/iu;
/** Something that works only after a while is the symptom of a delay, not a neighbour ruled out. */
const LATER =
  /\b(?:later|afterwards|eventually|after (?:a while|an hour|\w+ min(?:ute)?s?)|später|danach|nach (?:einer weile|\w+ minuten)|senare|efteråt|efter (?:en stund|\w+ minuter))\b|後で|あとで|分後|時間後|しばらくして|之後|後來|過了/iu;

/** Negations that turn a "fine" clause into a complaint (the marker itself is removed before this check). */
const NEGATION_LATIN = /\b(?:not|never|no|nicht|kein|keine|keinen|keiner|keinem|nie|inte|ej|aldrig|inga)\b|n't\b/iu;
const NEGATION_CJK = /ない|ません|ず|不|沒|没|無|无|未/u;
const ASKS = /[?？]|[かの][?？]?$|嗎|吗|呢/u;

export function splitClauses(text: string): string[] {
  return text
    .split(CLAUSE_BREAK)
    .map((c) => (c ?? '').trim())
    .filter((c) => c !== '');
}

/** Parts of the message that say something is fine (empty when none, or when nothing else is left). */
export function ruledOutClauses(text: string): string[] {
  return splitRuledOut(text).ruled;
}

/** The message parted into what it rules out (clauses, or a failure that does not happen) and the rest (the complaint). */
export function splitRuledOut(text: string): { ruled: string[]; kept: string[] } {
  const ruled: string[] = [];
  const kept: string[] = [];
  for (const part of findRuledOut(splitClauses(text))) {
    ruled.push(...part.ruled);
    if (part.kept.trim() !== '') kept.push(part.kept);
  }
  // Everything ruled out leaves no complaint to match: then nothing is.
  return kept.length === 0 ? { ruled: [], kept: ruled } : { ruled, kept };
}

function findRuledOut(clauses: string[]): { ruled: string[]; kept: string }[] {
  if (clauses.length < 2) return clauses.map((c) => ({ ruled: [], kept: c }));
  // "Mich interessiert nicht, warum…": what the question is not about follows the marker as a clause of its own.
  let objectOfNotAbout = false;
  return clauses.map((clause, i) => {
    const none = { ruled: [], kept: clause };
    const carried = objectOfNotAbout;
    objectOfNotAbout = false;
    if (ASKS.test(clause)) return none;
    if (carried) return { ruled: [clause], kept: '' };
    const next = clauses[i + 1];
    if (
      next === undefined
        ? SET_ASIDE_LAST.test(clause)
        : SET_ASIDE.test(clause) || (CORRECTION.test(next) && NEGATION_LATIN.test(clause))
    ) {
      objectOfNotAbout = NOT_ABOUT_AT_END.test(clause);
      return { ruled: [clause], kept: '' };
    }
    if (LATER.test(clause)) return none;
    const latin = [...clause.matchAll(FINE_LATIN_ALL)];
    const last = latin.at(-1);
    // A Latin marker states the outcome at the clause's end ("pull is fine (for us)", "bricht nicht ab, kein
    // Timeout"); earlier it describes something else ("ok so the pull…", "a normal user cannot…").
    const markers = last && wordsAfter(clause, last) <= 2 ? latin : [FINE_CJK.exec(clause)].filter((m) => m !== null);
    if (markers.length === 0) return none;
    let rest = clause;
    for (const m of [...markers].reverse()) rest = rest.slice(0, m.index) + ' ' + rest.slice(m.index + m[0].length);
    if (NEGATION_LATIN.test(rest) || NEGATION_CJK.test(rest)) return none;
    // "Saving worked without errors" is a success of something else: the whole clause is set aside.
    if (markers.every((m) => NO_FAILURE.test(m[0])) && !SUCCEEDED.test(rest))
      return { ruled: markers.map((m) => m[0]), kept: rest };
    return { ruled: [clause], kept: '' };
  });
}

function wordsAfter(clause: string, match: RegExpExecArray): number {
  return clause
    .slice(match.index + match[0].length)
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}
