/** The bot's own user-facing strings in every supported language, and locale resolution. */
import { langFromLocale, type Lang } from './lang.js';
import type { SmallTalkKind } from '../features/ask/knowledge/types.js';

export interface Strings {
  langName: string;
  welcomeTitle: string;
  welcomeText: string;
  helpTitle: string;
  /** Heading of the help card's first part: asking questions. */
  askTitle: string;
  helpText: string;
  /** Sample questions shown on welcome/help cards (each becomes a button). */
  examples: string[];
  examplesTitle: string;
  abstainTitle: string;
  abstainText: string;
  abstainNoTopics: string;
  closestTopics: string;
  didYouMean: string;
  docsLink: string;
  helpful: string;
  notHelpful: string;
  editionStackHub: string;
  /** {shown}: language of the answer, {asked}: language of the question. */
  fallbackBadge: string;
  /** {from}: language of the FAQ an answer of ours was translated from. */
  translatedBadge: string;
  /** Short replies to small talk, each followed by welcomeText (what the bot can do). */
  /** Replies to small talk; a greeting gets the welcome card instead. */
  smallTalk: Record<Exclude<SmallTalkKind, 'greeting'>, string>;
  feedbackThanksUp: string;
  feedbackThanksDown: string;
  errorTitle: string;
  /** {ref}: correlation id for support. */
  errorInternal: string;
  /** A turn that could not be handled (storage down): the user should simply send it again. */
  errorUnavailable: string;
  errorTopicNotFound: string;
  errorUnknownAction: string;
  errorEmptyQuestion: string;
  errorInvalidAction: string;
}

const en: Strings = {
  langName: 'English',
  welcomeTitle: 'Hi, I answer questions about Azure Container Registry',
  welcomeText:
    'Ask me in English, 日本語, 繁體中文, Deutsch or Svenska. I answer from the official ACR FAQ and link to the source page. Type **help** at any time.',
  helpTitle: 'How to use the ACR assistant',
  askTitle: 'Ask: questions about Azure Container Registry',
  helpText:
    'Type a question in your own words, for example about admin credentials, storage limits or image deletion. In a channel, @mention me first. Rate answers with 👍 or 👎 so we can improve them.',
  examples: [
    'How do I get admin credentials for my registry?',
    'How do I delete an image?',
    'Why does docker push fail with a 403?',
  ],
  examplesTitle: 'Try one of these',
  abstainTitle: "Sorry, I don't know the answer to that",
  abstainText:
    "I couldn't find a reliable answer in the ACR FAQ. Rephrase the question, or pick one of the closest topics:",
  abstainNoTopics: "I couldn't find a reliable answer in the ACR FAQ. Try rephrasing it, or type **help**.",
  closestTopics: 'Closest topics',
  didYouMean: 'Did you mean',
  docsLink: 'Open the official documentation',
  helpful: '👍 Helpful',
  notHelpful: '👎 Not helpful',
  editionStackHub: 'Azure Stack Hub edition',
  fallbackBadge: 'Answer shown in {shown} — not available in {asked}',
  translatedBadge: 'Translated by us from the {from} FAQ',
  smallTalk: {
    thanks: "You're welcome!",
    identity: "I'm the ACR assistant, a bot.",
    insult: "Sorry I couldn't help. Let's try again.",
    ack: '👍',
  },
  feedbackThanksUp: 'Thanks for your feedback! Glad it helped.',
  feedbackThanksDown: "Thanks for your feedback. We'll use it to improve this answer.",
  errorTitle: 'Something went wrong',
  errorInternal: 'Something went wrong on my side. Please try again. Reference: {ref}',
  errorUnavailable: 'I am temporarily unavailable and could not handle that. Please try again in a minute.',
  errorTopicNotFound: 'That topic is no longer available. Please ask your question again.',
  errorUnknownAction: "I don't recognize that button any more. Please ask your question again.",
  errorEmptyQuestion: 'Please type a question, or **help** to see what I can do.',
  errorInvalidAction: 'That button sent incomplete data. Please ask your question again.',
};

const ja: Strings = {
  langName: '日本語',
  welcomeTitle: 'こんにちは。Azure Container Registry についての質問にお答えします',
  welcomeText:
    '日本語、English、繁體中文、Deutsch、Svenska で質問してください。公式の ACR FAQ に基づいて回答し、出典ページへのリンクを表示します。いつでも **ヘルプ** と入力できます。',
  helpTitle: 'ACR アシスタントの使い方',
  askTitle: '質問: Azure Container Registry について',
  helpText:
    '管理者の資格情報、ストレージの上限、イメージの削除などについて、自由な言葉で質問してください。チャネルでは最初に私を @メンション してください。回答を 👍 または 👎 で評価していただくと改善に役立ちます。',
  examples: [
    'レジストリの管理者資格情報を取得するにはどうすればよいですか?',
    'イメージを削除するにはどうすればよいですか?',
    'docker push が 403 で失敗するのはなぜですか?',
  ],
  examplesTitle: '例えば次のように質問できます',
  abstainTitle: '申し訳ありません。その質問の答えはわかりません',
  abstainText: 'ACR FAQ に信頼できる回答が見つかりませんでした。質問を言い換えるか、近いトピックを選んでください:',
  abstainNoTopics:
    'ACR FAQ に信頼できる回答が見つかりませんでした。質問を言い換えるか、**ヘルプ** と入力してください。',
  closestTopics: '近いトピック',
  didYouMean: 'もしかして',
  docsLink: '公式ドキュメントを開く',
  helpful: '👍 役に立った',
  notHelpful: '👎 役に立たなかった',
  editionStackHub: 'Azure Stack Hub 版',
  fallbackBadge: '{shown} で表示しています — {asked} の回答はありません',
  translatedBadge: '{from} の FAQ から当プロジェクトが翻訳',
  smallTalk: {
    thanks: 'どういたしまして！',
    identity: 'ACR アシスタント (ボット) です。',
    insult: 'お役に立てずすみません。もう一度試してみましょう。',
    ack: '👍',
  },
  feedbackThanksUp: 'フィードバックありがとうございます。お役に立ててうれしいです。',
  feedbackThanksDown: 'フィードバックありがとうございます。回答の改善に活用します。',
  errorTitle: '問題が発生しました',
  errorInternal: 'ボット側で問題が発生しました。もう一度お試しください。参照番号: {ref}',
  errorUnavailable: '一時的に利用できないため、処理できませんでした。少し待ってからもう一度お試しください。',
  errorTopicNotFound: 'そのトピックは利用できなくなりました。もう一度質問してください。',
  errorUnknownAction: 'このボタンはもう使用できません。もう一度質問してください。',
  errorEmptyQuestion: '質問を入力するか、**ヘルプ** と入力して使い方を確認してください。',
  errorInvalidAction: 'ボタンのデータが不完全です。もう一度質問してください。',
};

const zhTW: Strings = {
  langName: '繁體中文',
  welcomeTitle: '您好，我可以回答有關 Azure Container Registry 的問題',
  welcomeText:
    '請用繁體中文、English、日本語、Deutsch 或 Svenska 提問。我會根據官方 ACR 常見問題集回答，並附上來源頁面的連結。隨時輸入 **說明** 以取得協助。',
  helpTitle: '如何使用 ACR 助理',
  askTitle: '提問：關於 Azure Container Registry',
  helpText:
    '用您自己的話提問，例如關於系統管理員認證、儲存體限制或刪除映像。在頻道中，請先 @提及 我。請用 👍 或 👎 評分答案，幫助我們改進。',
  examples: ['如何取得登錄的系統管理員認證?', '如何刪除映像?', '為什麼 docker push 失敗並出現 403?'],
  examplesTitle: '試試這些問題',
  abstainTitle: '抱歉，我不知道這個問題的答案',
  abstainText: '我在 ACR 常見問題集中找不到可靠的答案。請換個方式提問，或選擇最接近的主題:',
  abstainNoTopics: '我在 ACR 常見問題集中找不到可靠的答案。請換個方式提問，或輸入 **說明**。',
  closestTopics: '最接近的主題',
  didYouMean: '您是不是要找',
  docsLink: '開啟官方文件',
  helpful: '👍 有幫助',
  notHelpful: '👎 沒有幫助',
  editionStackHub: 'Azure Stack Hub 版本',
  fallbackBadge: '以{shown}顯示答案 — 沒有{asked}版本',
  translatedBadge: '由本專案譯自{from}版 FAQ',
  smallTalk: {
    thanks: '不客氣！',
    identity: '我是 ACR 小幫手，一個聊天機器人。',
    insult: '抱歉沒能幫上忙，我們再試一次吧。',
    ack: '👍',
  },
  feedbackThanksUp: '感謝您的意見回饋！很高興能幫上忙。',
  feedbackThanksDown: '感謝您的意見回饋。我們會用它來改進這個答案。',
  errorTitle: '發生錯誤',
  errorInternal: '我這邊發生錯誤，請再試一次。參考編號: {ref}',
  errorUnavailable: '我暫時無法使用，剛才的訊息未能處理。請稍候一分鐘再試一次。',
  errorTopicNotFound: '該主題已無法使用，請重新提問。',
  errorUnknownAction: '我無法再辨識這個按鈕，請重新提問。',
  errorEmptyQuestion: '請輸入問題，或輸入 **說明** 查看我能做什麼。',
  errorInvalidAction: '這個按鈕傳送的資料不完整，請重新提問。',
};

const de: Strings = {
  langName: 'Deutsch',
  welcomeTitle: 'Hallo, ich beantworte Fragen zu Azure Container Registry',
  welcomeText:
    'Fragen Sie auf Deutsch, English, 日本語, 繁體中文 oder Svenska. Ich antworte aus den offiziellen ACR-FAQ und verlinke die Quellseite. Geben Sie jederzeit **Hilfe** ein.',
  helpTitle: 'So verwenden Sie den ACR-Assistenten',
  askTitle: 'Fragen: zu Azure Container Registry',
  helpText:
    'Stellen Sie Ihre Frage in eigenen Worten, z. B. zu Administratoranmeldeinformationen, Speichergrenzen oder dem Löschen von Images. In einem Kanal erwähnen Sie mich zuerst mit @. Bewerten Sie Antworten mit 👍 oder 👎, damit wir sie verbessern können.',
  examples: [
    'Wie erhalte ich die Administratoranmeldeinformationen für meine Registrierung?',
    'Wie lösche ich ein Image?',
    'Warum schlägt docker push mit 403 fehl?',
  ],
  examplesTitle: 'Probieren Sie zum Beispiel',
  abstainTitle: 'Das weiß ich leider nicht',
  abstainText:
    'Ich habe in den ACR-FAQ keine verlässliche Antwort gefunden. Formulieren Sie die Frage um oder wählen Sie eines der nächstliegenden Themen:',
  abstainNoTopics:
    'Ich habe in den ACR-FAQ keine verlässliche Antwort gefunden. Formulieren Sie die Frage um oder geben Sie **Hilfe** ein.',
  closestTopics: 'Nächstliegende Themen',
  didYouMean: 'Meinten Sie',
  docsLink: 'Offizielle Dokumentation öffnen',
  helpful: '👍 Hilfreich',
  notHelpful: '👎 Nicht hilfreich',
  editionStackHub: 'Azure Stack Hub-Edition',
  fallbackBadge: 'Antwort auf {shown} — auf {asked} nicht verfügbar',
  translatedBadge: 'Von uns übersetzt aus der FAQ auf {from}',
  smallTalk: {
    thanks: 'Gern geschehen!',
    identity: 'Ich bin der ACR-Assistent, ein Bot.',
    insult: 'Tut mir leid, dass ich nicht helfen konnte. Versuchen wir es noch einmal.',
    ack: '👍',
  },
  feedbackThanksUp: 'Danke für Ihr Feedback! Schön, dass es geholfen hat.',
  feedbackThanksDown: 'Danke für Ihr Feedback. Wir verbessern diese Antwort damit.',
  errorTitle: 'Etwas ist schiefgelaufen',
  errorInternal: 'Bei mir ist etwas schiefgelaufen. Bitte versuchen Sie es erneut. Referenz: {ref}',
  errorUnavailable:
    'Ich bin vorübergehend nicht verfügbar und konnte das nicht bearbeiten. Bitte versuchen Sie es in einer Minute erneut.',
  errorTopicNotFound: 'Dieses Thema ist nicht mehr verfügbar. Bitte stellen Sie Ihre Frage erneut.',
  errorUnknownAction: 'Diese Schaltfläche kenne ich nicht mehr. Bitte stellen Sie Ihre Frage erneut.',
  errorEmptyQuestion: 'Bitte geben Sie eine Frage ein, oder **Hilfe**, um zu sehen, was ich kann.',
  errorInvalidAction: 'Diese Schaltfläche hat unvollständige Daten gesendet. Bitte stellen Sie Ihre Frage erneut.',
};

const sv: Strings = {
  langName: 'Svenska',
  welcomeTitle: 'Hej, jag svarar på frågor om Azure Container Registry',
  welcomeText:
    'Fråga mig på svenska, English, 日本語, 繁體中文 eller Deutsch. Jag svarar utifrån den officiella ACR-FAQ:n och länkar till källsidan. Skriv **hjälp** när som helst.',
  helpTitle: 'Så använder du ACR-assistenten',
  askTitle: 'Fråga: om Azure Container Registry',
  helpText:
    'Ställ din fråga med egna ord, till exempel om administratörsautentiseringsuppgifter, lagringsgränser eller borttagning av avbildningar. I en kanal: @nämn mig först. Betygsätt svaren med 👍 eller 👎 så att vi kan förbättra dem.',
  examples: [
    'Hur får jag administratörsautentiseringsuppgifter för mitt register?',
    'Hur tar jag bort en avbildning?',
    'Varför misslyckas docker push med 403?',
  ],
  examplesTitle: 'Prova till exempel',
  abstainTitle: 'Tyvärr vet jag inte svaret på det',
  abstainText:
    'Jag hittade inget tillförlitligt svar i ACR-FAQ:n. Formulera om frågan eller välj ett av de närmaste ämnena:',
  abstainNoTopics: 'Jag hittade inget tillförlitligt svar i ACR-FAQ:n. Formulera om frågan eller skriv **hjälp**.',
  closestTopics: 'Närmaste ämnen',
  didYouMean: 'Menade du',
  docsLink: 'Öppna den officiella dokumentationen',
  helpful: '👍 Till hjälp',
  notHelpful: '👎 Inte till hjälp',
  editionStackHub: 'Azure Stack Hub-utgåva',
  fallbackBadge: 'Svaret visas på {shown} — finns inte på {asked}',
  translatedBadge: 'Översatt av oss från FAQ:n på {from}',
  smallTalk: {
    thanks: 'Varsågod!',
    identity: 'Jag är ACR-assistenten, en bot.',
    insult: 'Förlåt att jag inte kunde hjälpa till. Vi försöker igen.',
    ack: '👍',
  },
  feedbackThanksUp: 'Tack för din återkoppling! Kul att det hjälpte.',
  feedbackThanksDown: 'Tack för din återkoppling. Vi använder den för att förbättra svaret.',
  errorTitle: 'Något gick fel',
  errorInternal: 'Något gick fel hos mig. Försök igen. Referens: {ref}',
  errorUnavailable: 'Jag är tillfälligt otillgänglig och kunde inte hantera det. Försök igen om en minut.',
  errorTopicNotFound: 'Det ämnet finns inte längre. Ställ din fråga igen.',
  errorUnknownAction: 'Jag känner inte längre igen den knappen. Ställ din fråga igen.',
  errorEmptyQuestion: 'Skriv en fråga, eller **hjälp** för att se vad jag kan göra.',
  errorInvalidAction: 'Knappen skickade ofullständiga data. Ställ din fråga igen.',
};

const CATALOG: Record<Lang, Strings> = { en, ja, 'zh-TW': zhTW, de, sv };

export function strings(lang: Lang): Strings {
  return CATALOG[lang];
}

export { format } from './catalog.js';

export { isLang, langFromLocale } from './lang.js';

/** Typed words that open help, per language (lower-case, without a leading slash). */
const HELP_WORDS: Record<string, Lang> = {
  help: 'en',
  '?': 'en',
  hilfe: 'de',
  hjälp: 'sv',
  hjalp: 'sv',
  ヘルプ: 'ja',
  へるぷ: 'ja',
  使い方: 'ja',
  說明: 'zh-TW',
  幫助: 'zh-TW',
  帮助: 'zh-TW',
  说明: 'zh-TW',
};

function keyword(text: string): string {
  return text
    .trim()
    .replace(/^\//, '')
    .replace(/[\s!?！？。.,、，~〜\p{Extended_Pictographic}]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** The language of a help keyword when `text` is one, else null. */
export function helpKeywordLang(text: string): Lang | null {
  const word = keyword(text);
  // Own keys only: "__proto__" or "constructor" typed in chat must not reach Object.prototype.
  if (Object.hasOwn(HELP_WORDS, word)) return HELP_WORDS[word];
  return text.trim() === '?' ? 'en' : null;
}

/**
 * Which language answers a keyword. A German, Swedish, Japanese or Chinese keyword is the person's
 * language, whatever the client says. English words are typed by everyone (and Teams sends the
 * untranslated command-menu title "help"), so they follow the client locale when it is supported.
 */
export function keywordReplyLang(keywordLang: Lang, locale: string | undefined): Lang {
  return keywordLang === 'en' ? (langFromLocale(locale) ?? 'en') : keywordLang;
}
