/**
 * Small test doubles for the bot's ports. The FAQ matcher here is a FAKE (keyword lookup over a few
 * entries) so core tests do not depend on the real knowledge base; the e2e test uses the real one.
 */
import type { FaqMatcher, KbEntry, Lang, MatchOptions, MatchResult } from '../../src/features/ask/knowledge/types.js';
import type { NeutralRequest } from '../../src/core/model.js';
import { BotCore } from '../../src/core/bot.js';
import type { ChatFeature } from '../../src/core/feature.js';
import { AskFeature } from '../../src/features/ask/feature.js';
import { identitiesOf } from '../../src/channels/teams/activity.js';
import type {
  BotMetrics,
  ConversationReferenceRecord,
  ConversationReferenceStore,
  FeedbackStore,
  FeedbackVote,
  Logger,
} from '../../src/core/ports.js';

const entry = (
  topic: string,
  lang: Lang,
  question: string,
  answer: string,
  edition: KbEntry['edition'] = 'azure',
): KbEntry => ({
  topic,
  lang,
  question,
  answer,
  edition,
  section: 'resource-management',
  source: 'faq.md',
  docDate: '2024-01-01',
});

export const FAKE_ENTRIES: KbEntry[] = [
  entry(
    'admin-credentials',
    'en',
    'How do I get admin credentials for a container registry?',
    'Enable the admin user first:\n\n```azurecli\naz acr update -n myregistry --admin-enabled true\naz acr credential show -n myregistry\n```\n\n- Use it for **testing** only.\n- Prefer Microsoft Entra identities.',
  ),
  entry(
    'admin-credentials',
    'ja',
    'コンテナー レジストリの管理者の資格情報を取得するにはどうすればよいですか?',
    '管理者ユーザーを有効にします:\n\n```azurecli\naz acr update -n myregistry --admin-enabled true\n```',
  ),
  entry(
    'admin-credentials',
    'de',
    'Wie erhalte ich Administratoranmeldeinformationen für eine Containerregistrierung?',
    'Aktivieren Sie zuerst den Administratorbenutzer:\n\n```azurecli\naz acr update -n myregistry --admin-enabled true\n```',
  ),
  entry(
    'delete-image',
    'en',
    'How do I delete an image?',
    'Use `az acr repository delete`.\n\n| Command | Effect |\n|---|---|\n| az acr repository delete | deletes a repository |\n| az acr manifest delete | deletes a manifest |',
  ),
  entry(
    'stack-hub-limits',
    'en',
    'What are the registry limits on Azure Stack Hub?',
    'Azure Stack Hub registries support up to 1,000 repositories.',
    'azure-stack-hub',
  ),
];

const KEYWORDS: Record<string, string[]> = {
  'admin-credentials': ['admin', '管理者', 'administrator'],
  'delete-image': ['delete', 'löschen', 'ta bort'],
  'stack-hub-limits': ['stack hub'],
};

function detect(text: string, hint?: string): Lang {
  if (/[\u3040-\u30ff]/.test(text)) return 'ja';
  if (/[\u4e00-\u9fff]/.test(text)) return 'zh-TW';
  if (/\b(wie|ich|löschen|die|der)\b/i.test(text)) return 'de';
  if (/\b(hur|jag|ta bort)\b/i.test(text)) return 'sv';
  return (hint as Lang) ?? 'en';
}

const DOCS_LOCALE: Record<Lang, string> = { en: 'en-us', ja: 'ja-jp', de: 'de-de', sv: 'sv-se', 'zh-TW': 'zh-tw' };

export class FakeMatcher implements FaqMatcher {
  readonly calls: { question: string; options?: MatchOptions }[] = [];
  constructor(private readonly entries: KbEntry[] = FAKE_ENTRIES) {}
  get size(): number {
    return this.entries.length;
  }

  match(question: string, options?: MatchOptions): MatchResult {
    this.calls.push({ question, options });
    const lang = detect(question, options?.localeHint?.slice(0, 2) === 'en' ? 'en' : undefined);
    const topic = Object.keys(KEYWORDS).find((t) => KEYWORDS[t].some((k) => question.toLowerCase().includes(k)));
    const others = Object.keys(KEYWORDS)
      .filter((t) => t !== topic)
      .map((t) => ({ topic: t, score: 0.3, title: this.best(t, lang)!.question }));
    if (!topic)
      return {
        topic: null,
        lang,
        answerLang: null,
        score: 0.2,
        title: null,
        edition: null,
        alternatives: others.slice(0, 2),
        entry: null,
        fallback: false,
        docsUrl: null,
      };
    return { ...this.answerFor(topic, lang)!, alternatives: others.slice(0, 1) };
  }

  answerFor(topic: string, lang: Lang): MatchResult | null {
    const e = this.best(topic, lang);
    if (!e) return null;
    return {
      topic,
      lang,
      answerLang: e.lang,
      score: 0.9,
      title: e.question,
      edition: e.edition,
      alternatives: [],
      entry: e,
      fallback: e.lang !== lang,
      docsUrl: `https://learn.microsoft.com/${DOCS_LOCALE[lang]}/azure/container-registry/container-registry-faq`,
    };
  }

  private best(topic: string, lang: Lang): KbEntry | undefined {
    const all = this.entries.filter((e) => e.topic === topic);
    return all.find((e) => e.lang === lang) ?? all.find((e) => e.lang === 'en') ?? all[0];
  }
}

export class MemoryFeedbackStore implements FeedbackStore {
  readonly records: FeedbackVote[] = [];
  async record(feedback: FeedbackVote): Promise<void> {
    this.records.push(feedback);
  }
}

export class MemoryReferenceStore implements ConversationReferenceStore {
  readonly records = new Map<string, ConversationReferenceRecord>();
  async upsert(record: ConversationReferenceRecord): Promise<void> {
    this.records.set(`${record.platform}:${record.conversationId}`, record);
  }
}

/** Collects log records (and proves nothing secret was logged). */
export class MemoryLogger implements Logger {
  readonly records: { level: string; obj: object; msg?: string }[] = [];
  debug(obj: object, msg?: string) {
    this.records.push({ level: 'debug', obj, msg });
  }
  info(obj: object, msg?: string) {
    this.records.push({ level: 'info', obj, msg });
  }
  warn(obj: object, msg?: string) {
    this.records.push({ level: 'warn', obj, msg });
  }
  error(obj: object, msg?: string) {
    this.records.push({ level: 'error', obj, msg });
  }
  child(): Logger {
    return this;
  }
}

/** A Teams sender as the adapter resolves it (the real identitiesOf): `teams:<id>`, plus `aad:<oid>` when given. */
export function teamsUser(id: string, name: string, aadObjectId?: string): NeutralRequest['user'] {
  return { id, name, identities: identitiesOf({ from: { id, name, ...(aadObjectId ? { aadObjectId } : {}) } }) };
}

export function request(overrides: Partial<NeutralRequest> = {}): NeutralRequest {
  return {
    platform: 'teams',
    conversation: { id: 'conv-1', type: 'personal', tenantId: 'tenant-1' },
    user: teamsUser('user-1', 'Ada'),
    locale: 'en-US',
    origin: 'typed',
    mentionedBot: false,
    ...overrides,
  };
}

/**
 * The core as main.ts composes it for chat: Ask (the FAQ over `matcher`, the router's fallback) first, then the
 * given features' chat parts. `answerFaq` is Ask's typed answer function, for an Act built by the test.
 */
export function askBotCore(options: {
  matcher: FaqMatcher;
  feedback: FeedbackStore;
  logger: Logger;
  defaultLang: Lang;
  features?: ChatFeature[];
  references?: ConversationReferenceStore;
  metrics?: BotMetrics;
}): BotCore & { ask: AskFeature } {
  const ask = new AskFeature({ matcher: options.matcher, feedback: options.feedback });
  const core = new BotCore({
    logger: options.logger,
    defaultLang: options.defaultLang,
    features: [ask, ...(options.features ?? [])],
    references: options.references,
    metrics: options.metrics,
  });
  return Object.assign(core, { ask });
}
