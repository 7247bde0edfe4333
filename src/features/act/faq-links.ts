/**
 * From an FAQ answer into an action: topics about deleting untagged manifests, cancelling runs, storage,
 * health and the admin user get buttons that do it for the configured registry. Questions that ask for a
 * password, key or token get the FAQ answer plus a refusal line: the bot never shows a secret, and no
 * code path here reads one (the admin-user button only reads whether the user is enabled).
 */
import type { NeutralReply, NeutralRequest, ReplyAction } from '../../core/model.js';
import { isLang, type Lang } from '../../core/lang.js';
import { ACT_VERBS } from './cards.js';
import { t, type ActMessageKey } from './messages/index.js';

type Suggestion = 'purge-untagged' | 'cancel-runs' | 'usage' | 'health' | 'admin-status';

export const TOPIC_SUGGESTIONS: Record<string, Suggestion> = {
  'delete-untagged-manifests': 'purge-untagged',
  'batch-cancel-runs': 'cancel-runs',
  'validate-storage-quota': 'usage',
  'quota-not-reduced-after-delete': 'usage',
  'check-health': 'health',
  'pull-timeout': 'health',
  'admin-credentials': 'admin-status',
  'admin-credentials-in-arm-template': 'admin-status',
};

const LABEL: Record<Suggestion, ActMessageKey> = {
  'purge-untagged': 'faq.previewUntagged',
  'cancel-runs': 'faq.previewCancelRuns',
  usage: 'faq.showUsage',
  health: 'faq.runHealth',
  'admin-status': 'faq.adminStatus',
};

const CREDENTIAL_TOPICS = new Set(['admin-credentials', 'admin-credentials-in-arm-template']);

/** Words that ask for a secret, in the five languages. */
export const ASKS_FOR_SECRET =
  /pass(?:word|wd)|kennwort|passwort|lösenord|token|secret|geheimnis|hemlighet|credential|anmeldeinformation|autentiseringsuppgift|access ?key|zugangsschlüssel|åtkomstnyckel|パスワード|トークン|シークレット|資格情報|アクセスキー|密碼|權杖|令牌|金鑰|密钥|認證|凭据/iu;

export function faqActionsFor(
  reply: NeutralReply,
  context: { topic: string; question: string; request: NeutralRequest },
  registryName: string | undefined,
): NeutralReply {
  const lang: Lang = isLang(reply.lang) ? reply.lang : 'en';
  const sections = [...reply.sections];
  const suggestion = TOPIC_SUGGESTIONS[context.topic];
  if (suggestion && registryName) {
    const action: ReplyAction = {
      verb: ACT_VERBS.suggest,
      label: t(lang, LABEL[suggestion]),
      data: { do: suggestion, registry: registryName, lang },
      style: 'default',
    };
    sections.push({ title: t(lang, 'faq.title', { registry: registryName }), actions: [action] });
  }
  const question = context.question || context.request.text || '';
  if (ASKS_FOR_SECRET.test(question) || CREDENTIAL_TOPICS.has(context.topic))
    sections.push({ text: `🔒 ${t(lang, 'secrets.refusal')}` });
  return sections.length === reply.sections.length ? reply : { ...reply, sections };
}
