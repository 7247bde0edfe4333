/** Strings of learning from feedback ("Which of these did you mean?", `kb review`) in every supported language. */
import { format } from '../../../core/i18n.js';
import type { Lang } from '../knowledge/types.js';

const en = {
  'help.title': 'Teaching the FAQ',
  'help.everyone':
    'When an answer is wrong, press 👎; when I find none, look under **{choice}** and pick the topic you meant. A knowledge maintainer reviews your choice; once accepted, the question finds that topic.',
  'help.maintainer': 'As a knowledge maintainer you review those choices:',
  'help.review': 'the phrasings people chose, with Accept / Reject',
  'help.shell': 'From a shell on the bot’s database:',
  'help.export': 'accepted phrasings into knowledge/alternates, for a pull request',
  'choice.title': 'Which of these did you mean?',
  'choice.none': 'None of these',
  'choice.thanks': 'Thanks! Your choice goes to a knowledge maintainer; once accepted, this question gets this answer.',
  'choice.thanksNone': 'Thanks, noted: none of these was what you meant.',
  'choice.notFound': 'I cannot find that question any more.',
  'choice.notOffered': 'That topic was not offered for this question.',
  'choice.alreadyChosen': 'A choice was already made for this question.',
  'review.title': 'Phrasings to review',
  'review.waiting': '{count} waiting. Accepted phrasings find their topic at once, in every bot instance.',
  'review.empty': 'Nothing to review: no phrasings are waiting.',
  'review.question': 'Question',
  'review.lang': 'Language',
  'review.topic': 'Chosen topic',
  'review.from': 'From',
  'review.from.abstain': 'no answer',
  'review.from.down': '👎 on “{topic}”',
  'review.accept': 'Accept',
  'review.reject': 'Reject',
  'review.accepted': 'Accepted: “{question}” now finds “{topic}”.',
  'review.rejected': 'Rejected: “{question}”.',
  'review.notPending': 'That phrasing was already reviewed.',
  'review.notFound': 'I cannot find that phrasing.',
  'review.notMaintainer':
    'Only knowledge maintainers may review phrasings (knowledge.maintainers in the approval policy).',
};
type Table = typeof en;
export type LearnMessageKey = keyof Table;

const ja: Table = {
  'help.title': 'FAQ を育てる',
  'help.everyone':
    '回答が違っていたら 👎 を押してください。回答が見つからなかったときは **{choice}** から意図したトピックを選んでください。選択はナレッジ管理者が確認し、承認されるとその質問でそのトピックが見つかるようになります。',
  'help.maintainer': 'ナレッジ管理者として、これらの選択を確認できます:',
  'help.review': '利用者が選んだ言い換えを承認 / 却下',
  'help.shell': 'ボットのデータベースに接続したシェルから:',
  'help.export': '承認済みの言い換えを knowledge/alternates に書き出す (プル リクエスト用)',
  'choice.title': 'どれのことでしたか?',
  'choice.none': 'どれでもない',
  'choice.thanks':
    'ありがとうございます。選択はナレッジ管理者が確認し、承認されるとこの質問にはこの回答が表示されます。',
  'choice.thanksNone': 'ありがとうございます。どれも該当しなかったことを記録しました。',
  'choice.notFound': 'その質問はもう見つかりません。',
  'choice.notOffered': 'そのトピックはこの質問の候補ではありませんでした。',
  'choice.alreadyChosen': 'この質問にはすでに選択が記録されています。',
  'review.title': '確認待ちの言い換え',
  'review.waiting': '{count} 件が確認待ちです。承認した言い換えは、すべてのボット インスタンスですぐに使われます。',
  'review.empty': '確認待ちの言い換えはありません。',
  'review.question': '質問',
  'review.lang': '言語',
  'review.topic': '選ばれたトピック',
  'review.from': 'きっかけ',
  'review.from.abstain': '回答なし',
  'review.from.down': '「{topic}」に 👎',
  'review.accept': '承認',
  'review.reject': '却下',
  'review.accepted': '承認しました: 「{question}」は「{topic}」に答えます。',
  'review.rejected': '却下しました: 「{question}」',
  'review.notPending': 'その言い換えはすでに確認済みです。',
  'review.notFound': 'その言い換えが見つかりません。',
  'review.notMaintainer': '言い換えを確認できるのはナレッジ管理者だけです (承認ポリシーの knowledge.maintainers)。',
};

const zhTW: Table = {
  'help.title': '讓 FAQ 變得更好',
  'help.everyone':
    '答案不對時請按 👎;找不到答案時,請在 **{choice}** 中選擇您要找的主題。知識庫維護者會審核您的選擇,核准後這個問題就會找到該主題。',
  'help.maintainer': '身為知識庫維護者,您可以審核這些選擇:',
  'help.review': '使用者選擇的問法,可核准 / 拒絕',
  'help.shell': '在連線到 Bot 資料庫的命令列中:',
  'help.export': '將已核准的問法寫入 knowledge/alternates,以便提出提取要求',
  'choice.title': '您指的是下列哪一個?',
  'choice.none': '都不是',
  'choice.thanks': '謝謝!您的選擇會交由知識庫維護者審核;核准後,這個問題就會得到這個答案。',
  'choice.thanksNone': '謝謝,已記錄:以上都不是您要找的。',
  'choice.notFound': '找不到這個問題了。',
  'choice.notOffered': '這個主題不是此問題的候選項目。',
  'choice.alreadyChosen': '這個問題已經有人選擇過了。',
  'review.title': '待審核的問法',
  'review.waiting': '共 {count} 筆待審核。核准的問法會立即在所有 Bot 執行個體中生效。',
  'review.empty': '沒有待審核的問法。',
  'review.question': '問題',
  'review.lang': '語言',
  'review.topic': '選擇的主題',
  'review.from': '來源',
  'review.from.abstain': '沒有答案',
  'review.from.down': '對「{topic}」按了 👎',
  'review.accept': '核准',
  'review.reject': '拒絕',
  'review.accepted': '已核准:「{question}」現在會找到「{topic}」。',
  'review.rejected': '已拒絕:「{question}」。',
  'review.notPending': '這個問法已經審核過了。',
  'review.notFound': '找不到這個問法。',
  'review.notMaintainer': '只有知識庫維護者可以審核問法 (核准原則中的 knowledge.maintainers)。',
};

const de: Table = {
  'help.title': 'Die FAQ verbessern',
  'help.everyone':
    'Ist eine Antwort falsch, klicken Sie auf 👎; finde ich keine, wählen Sie unter **{choice}** das gemeinte Thema. Wissenspflegende prüfen die Wahl; nach dem Annehmen findet die Frage dieses Thema.',
  'help.maintainer': 'Als Wissenspflegende:r prüfen Sie diese Auswahl:',
  'help.review': 'die gewählten Formulierungen, mit Annehmen / Ablehnen',
  'help.shell': 'In einer Shell mit Zugriff auf die Datenbank des Bots:',
  'help.export': 'angenommene Formulierungen nach knowledge/alternates schreiben, für einen Pull Request',
  'choice.title': 'Welches davon meinten Sie?',
  'choice.none': 'Nichts davon',
  'choice.thanks':
    'Danke! Ihre Auswahl geht an eine Wissenspflegerin oder einen Wissenspfleger; nach der Annahme bekommt diese Frage diese Antwort.',
  'choice.thanksNone': 'Danke, notiert: Nichts davon war gemeint.',
  'choice.notFound': 'Diese Frage finde ich nicht mehr.',
  'choice.notOffered': 'Dieses Thema wurde für diese Frage nicht angeboten.',
  'choice.alreadyChosen': 'Für diese Frage wurde bereits eine Auswahl getroffen.',
  'review.title': 'Formulierungen zur Prüfung',
  'review.waiting': '{count} warten. Angenommene Formulierungen finden ihr Thema sofort, in jeder Bot-Instanz.',
  'review.empty': 'Nichts zu prüfen: Es warten keine Formulierungen.',
  'review.question': 'Frage',
  'review.lang': 'Sprache',
  'review.topic': 'Gewähltes Thema',
  'review.from': 'Anlass',
  'review.from.abstain': 'keine Antwort',
  'review.from.down': '👎 auf „{topic}“',
  'review.accept': 'Annehmen',
  'review.reject': 'Ablehnen',
  'review.accepted': 'Angenommen: „{question}“ findet jetzt „{topic}“.',
  'review.rejected': 'Abgelehnt: „{question}“.',
  'review.notPending': 'Diese Formulierung wurde bereits geprüft.',
  'review.notFound': 'Diese Formulierung finde ich nicht.',
  'review.notMaintainer':
    'Nur Wissenspflegende dürfen Formulierungen prüfen (knowledge.maintainers in der Freigaberichtlinie).',
};

const sv: Table = {
  'help.title': 'Förbättra FAQ:n',
  'help.everyone':
    'Är ett svar fel, tryck 👎; hittar jag inget svar, välj ämnet du menade under **{choice}**. En kunskapsansvarig granskar valet; när det är godkänt hittar frågan det ämnet.',
  'help.maintainer': 'Som kunskapsansvarig granskar du dessa val:',
  'help.review': 'formuleringarna som användare valt, med Godkänn / Avvisa',
  'help.shell': 'Från ett skal med åtkomst till botens databas:',
  'help.export': 'godkända formuleringar till knowledge/alternates, för en pull request',
  'choice.title': 'Vilken av dessa menade du?',
  'choice.none': 'Ingen av dessa',
  'choice.thanks':
    'Tack! Ditt val granskas av en kunskapsansvarig; när det godkänts får den här frågan det här svaret.',
  'choice.thanksNone': 'Tack, noterat: ingen av dessa var det du menade.',
  'choice.notFound': 'Jag hittar inte den frågan längre.',
  'choice.notOffered': 'Det ämnet erbjöds inte för den här frågan.',
  'choice.alreadyChosen': 'Ett val har redan gjorts för den här frågan.',
  'review.title': 'Formuleringar att granska',
  'review.waiting': '{count} väntar. Godkända formuleringar hittar sitt ämne direkt, i varje botinstans.',
  'review.empty': 'Inget att granska: inga formuleringar väntar.',
  'review.question': 'Fråga',
  'review.lang': 'Språk',
  'review.topic': 'Valt ämne',
  'review.from': 'Orsak',
  'review.from.abstain': 'inget svar',
  'review.from.down': '👎 på ”{topic}”',
  'review.accept': 'Godkänn',
  'review.reject': 'Avvisa',
  'review.accepted': 'Godkänd: ”{question}” hittar nu ”{topic}”.',
  'review.rejected': 'Avvisad: ”{question}”.',
  'review.notPending': 'Den formuleringen har redan granskats.',
  'review.notFound': 'Jag hittar inte den formuleringen.',
  'review.notMaintainer':
    'Bara kunskapsansvariga får granska formuleringar (knowledge.maintainers i godkännandepolicyn).',
};

const TABLES: Record<Lang, Table> = { en, ja, 'zh-TW': zhTW, de, sv };

export function learnMessage(lang: Lang, key: LearnMessageKey, params: Record<string, string | number> = {}): string {
  return format(
    TABLES[lang][key] ?? en[key],
    Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
  );
}

/** For tests: the keys of one language's table. */
export function learnMessageKeys(lang: Lang): string[] {
  return Object.keys(TABLES[lang]);
}
