/**
 * Subscriptions from chat, in en, ja, zh-TW, de and sv:
 *   "subscribe this channel to pushes in myregistry for app/*"   "このチャンネルで myregistry の app/* への push を購読"
 *   "訂閱 myregistry 中 app/* 的推送"   "abonniere Pushes in myregistry für app/*"   "prenumerera på pushar i myregistry för app/*"
 *   "unsubscribe 3" · "unsubscribe from pushes in myregistry" · "unsubscribe all" · "list subscriptions"
 * Table-driven: each language has its intent words and event-type words. Latin-script languages name the
 * registry after a preposition (in / im / i …) and the repository pattern after for / für / för; CJK
 * commands are parsed by their ASCII tokens (registry = the plain one, pattern = the one with / or *).
 */
import { literal } from '../../core/literal-text.js';
import type { Lang } from '../../core/lang.js';
import { REPOSITORY_PATTERN } from './glob.js';
import { t } from './messages/index.js';
import { registryFromHost } from './payloads/registry-name.js';
import {
  ConversationNotRegisteredError,
  type Subscription,
  type SubscriptionFilter,
  type SubscriptionStore,
} from './subscriptions.js';
import { ALERT_EVENT_TYPES, type AlertEventType, type ConversationKey, type Severity } from './types.js';

export type SubscriptionCommand =
  | { kind: 'subscribe'; lang: Lang; filter: SubscriptionFilter }
  | { kind: 'unsubscribe'; lang: Lang; id?: number; filter: Partial<SubscriptionFilter> }
  | { kind: 'list'; lang: Lang }
  | { kind: 'not-understood'; lang: Lang };

interface Grammar {
  lang: Lang;
  script: 'latin' | 'cjk';
  list: RegExp;
  unsubscribe: RegExp;
  subscribe: RegExp;
  types: Array<[RegExp, AlertEventType[]]>;
  all: RegExp;
}

const PUSHES: AlertEventType[] = ['push', 'chart_push'];
const DELETES: AlertEventType[] = ['delete', 'chart_delete'];

const GRAMMARS: Grammar[] = [
  {
    lang: 'en',
    script: 'latin',
    list: /^(?:(?:list|show)(?: (?:all|my|the|our))? (?:alert )?subscriptions|(?:alert )?subscriptions)$/,
    unsubscribe: /\bunsubscribe\b/,
    subscribe: /\bsubscribe\b/,
    types: [
      [/\bpush(?:es|ed)?\b/, PUSHES],
      [/\bdelet(?:e|es|ed|ion|ions)\b/, DELETES],
      [/\bquarantin\w*/, ['quarantine']],
      [/\b(?:azure )?monitor(?: alerts?)?\b/, ['monitor']],
      [/\b(?:quota|storage)\b/, ['quota']],
      [/\b(?:failed (?:task )?runs?|run failures?|failures?)\b/, ['run_failed']],
      [/\badmin(?: user)?\b/, ['admin_user']],
    ],
    all: /\b(?:everything|all(?: events)?)\b/,
  },
  {
    lang: 'ja',
    script: 'cjk',
    list: /^(?:購読(?:の)?(?:一覧|リスト)(?:を表示)?|購読を(?:表示|一覧表示)|アラートの購読一覧)$/,
    unsubscribe: /購読(?:を)?(?:解除|停止|やめ)|購読解除/,
    subscribe: /購読/,
    types: [
      [/プッシュ|\bpush(?:es)?\b/, PUSHES],
      [/削除|\bdelete\b/, DELETES],
      [/検疫|\bquarantine\b/, ['quarantine']],
      [/モニター|\bmonitor\b/, ['monitor']],
      [/クォータ|容量|ストレージ|\bquota\b/, ['quota']],
      [/失敗/, ['run_failed']],
      [/管理者/, ['admin_user']],
    ],
    all: /すべて|全て|全部/,
  },
  {
    lang: 'zh-TW',
    script: 'cjk',
    list: /^(?:列出(?:所有)?訂閱|訂閱(?:清單|列表)|顯示訂閱)$/,
    unsubscribe: /取消訂閱|退訂/,
    subscribe: /訂閱/,
    types: [
      [/推送|\bpush(?:es)?\b/, PUSHES],
      [/刪除|\bdelete\b/, DELETES],
      [/隔離|\bquarantine\b/, ['quarantine']],
      [/監視器|\bmonitor\b/, ['monitor']],
      [/配額|儲存空間|\bquota\b/, ['quota']],
      [/失敗/, ['run_failed']],
      [/管理員/, ['admin_user']],
    ],
    all: /所有|全部/,
  },
  {
    lang: 'de',
    script: 'latin',
    list: /^(?:(?:zeige|liste)(?: (?:alle|meine))? )?abonnements(?: (?:anzeigen|auflisten))?$/,
    unsubscribe:
      /\b(?:kündige|deabonniere|abbestelle)\b|abonnement (?:kündigen|löschen|entfernen)|abo (?:kündigen|beenden)/,
    subscribe: /\babonniere\b|\babonnieren\b/,
    types: [
      [/\bpush(?:es|s)?\b/, PUSHES],
      [/lösch\w*/, DELETES],
      [/quarantäne\w*/, ['quarantine']],
      [/\bmonitor\w*/, ['monitor']],
      [/kontingent|speicher\w*|\bquota\b/, ['quota']],
      [/fehlgeschlagen\w*/, ['run_failed']],
      [/\badmin\w*/, ['admin_user']],
    ],
    all: /\balles?\b/,
  },
  {
    lang: 'sv',
    script: 'latin',
    list: /^(?:(?:lista|visa)(?: alla)? )?prenumerationer(?:na)?$/,
    unsubscribe: /\b(?:avsluta prenumeration(?:en)?|sluta prenumerera|avprenumerera|ta bort prenumeration(?:en)?)\b/,
    subscribe: /\bprenumerera\b/,
    types: [
      [/\bpush(?:ar|en|ningar)?\b/, PUSHES],
      [/borttag\w*/, DELETES],
      [/karantän\w*/, ['quarantine']],
      [/\bmonitor\w*/, ['monitor']],
      [/\bkvot\w*|lagring\w*/, ['quota']],
      [/misslyckade?\b/, ['run_failed']],
      [/\badmin\w*/, ['admin_user']],
    ],
    all: /\balla?\b|\ballt\b/,
  },
];

// Latin scripts: the registry follows a preposition, the repository pattern follows "for".
// Per language, so the Swedish "i" does not turn "how do I subscribe" into registry "subscribe".
const REGISTRY_PREPOSITIONS: Partial<Record<Lang, string>> = { en: 'in|on|from', de: 'in|im|aus|von', sv: 'i|från|in' };
const registryAfter = (lang: Lang) =>
  new RegExp(
    `(?:^|\\s)(?:${REGISTRY_PREPOSITIONS[lang] ?? 'in'})\\s+(?:(?:the\\s+|der\\s+)?(?:registry|registret)\\s+)?([a-z0-9][a-z0-9.\\-:]*)(?=\\s|$)`,
    'g',
  );
const PATTERN_AFTER = /(?:^|\s)(?:for|für|för)\s+(?:(?:repositories|repository|repos|repo|lagringsplatser)\s+)?(\S+)/;
const ASCII_TOKEN = /[a-z0-9*?][a-z0-9._\-/*?:]*/g;
const SEVERITY = /\bsev([0-4])\b/;
const ID = /(?:^|\s)#?(\d{1,9})(?=\s|$)/;
const CJK_NOISE = new Set(['push', 'pushes', 'delete', 'quarantine', 'monitor', 'quota', 'admin']);

function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u3000]+/g, ' ')
    .replace(/[。.!！?？、,]+$/u, '')
    .trim();
}

function registryName(token: string | undefined): string | undefined {
  const name = registryFromHost(token);
  return name && /^[a-z0-9][a-z0-9-]{1,49}$/.test(name) ? name : undefined;
}

interface Extracted {
  registry?: string;
  pattern?: string;
  rest: string;
}

function extractTargets(text: string, grammar: Grammar): Extracted {
  let rest = text;
  let registry: string | undefined;
  let pattern: string | undefined;
  if (grammar.script === 'latin') {
    const p = PATTERN_AFTER.exec(rest);
    if (p) {
      pattern = p[1];
      rest = rest.replace(p[0], ' ');
    }
    // The last one: "unsubscribe from pushes in myregistry" names the registry after "in", not "from".
    const r = [...rest.matchAll(registryAfter(grammar.lang))].at(-1);
    if (r) {
      registry = r[1];
      rest = rest.replace(r[0], ' ');
    }
  } else {
    for (const token of rest.match(ASCII_TOKEN) ?? []) {
      if (/[/*?]/.test(token)) pattern ??= token;
      else if (!CJK_NOISE.has(token) && !SEVERITY.test(token) && !/^\d+$/.test(token)) registry ??= token;
      else continue;
      rest = rest.replace(token, ' ');
    }
  }
  return { registry, pattern, rest };
}

function eventTypes(rest: string, grammar: Grammar): AlertEventType[] {
  if (grammar.all.test(rest)) return [];
  const types = new Set<AlertEventType>();
  for (const [pattern, mapped] of grammar.types) if (pattern.test(rest)) mapped.forEach((t) => types.add(t));
  return [...types].sort();
}

/** null: not a subscription command (let the FAQ answer it). */
export function parseSubscriptionCommand(input: string): SubscriptionCommand | null {
  const text = normalize(input);
  if (!text) return null;
  for (const grammar of GRAMMARS) {
    if (grammar.list.test(text)) return { kind: 'list', lang: grammar.lang };
  }
  for (const grammar of GRAMMARS) {
    const unsubscribe = grammar.unsubscribe.test(text);
    if (!unsubscribe && !grammar.subscribe.test(text)) continue;
    const lang = grammar.lang;
    const { registry: rawRegistry, pattern, rest } = extractTargets(text, grammar);
    const registry = registryName(rawRegistry);
    if ((rawRegistry && !registry) || (pattern !== undefined && !REPOSITORY_PATTERN.test(pattern)))
      return { kind: 'not-understood', lang };
    const severity = SEVERITY.exec(rest);
    const cleaned = rest.replace(SEVERITY, ' ');
    const types = eventTypes(cleaned, grammar);
    if (unsubscribe) {
      const id = registry ? null : ID.exec(cleaned);
      if (id) return { kind: 'unsubscribe', lang, id: Number(id[1]), filter: {} };
      if (!registry && !grammar.all.test(cleaned)) return { kind: 'not-understood', lang };
      return {
        kind: 'unsubscribe',
        lang,
        filter: {
          ...(registry ? { registry } : {}),
          ...(pattern ? { repositoryPattern: pattern } : {}),
          ...(types.length ? { eventTypes: types } : {}),
        },
      };
    }
    if (!registry) return { kind: 'not-understood', lang };
    return {
      kind: 'subscribe',
      lang,
      filter: {
        registry,
        repositoryPattern: pattern ?? '**',
        eventTypes: types,
        minSeverity: (severity ? Number(severity[1]) : 4) as Severity,
      },
    };
  }
  return null;
}

export interface SubscriptionCommandContext {
  conversation: ConversationKey;
  /** From the authenticated activity. */
  userId: string;
}

/** A plain reply; the bot maps it onto its own neutral reply. */
export interface SubscriptionCommandReply {
  ok: boolean;
  lang: Lang;
  text: string;
  /** list: one line per subscription. */
  items?: string[];
  title?: string;
}

/** Example commands, shown after a command that was not understood and on the help card. */
export function subscriptionExamples(lang: Lang): string[] {
  return [t(lang, 'sub.example.1'), t(lang, 'sub.example.2'), t(lang, 'sub.example.3')];
}

export function describeSubscription(filter: SubscriptionFilter, lang: Lang): string {
  const ordered = [...filter.eventTypes].sort((a, b) => ALERT_EVENT_TYPES.indexOf(a) - ALERT_EVENT_TYPES.indexOf(b));
  const types =
    ordered.length === 0
      ? t(lang, 'sub.allTypes')
      : [...new Set(ordered.map((type) => t(lang, `noun.${type}`)))].join(', ');
  const severity = filter.minSeverity < 4 ? `, ${t(lang, 'sub.minSeverity', { sev: `Sev${filter.minSeverity}` })}` : '';
  return `${types} — ${filter.registry}/${filter.repositoryPattern}${severity}`;
}

function describeWithId(subscription: Subscription, lang: Lang): string {
  return `#${subscription.id} ${describeSubscription(subscription, lang)}`;
}

export async function executeSubscriptionCommand(
  command: SubscriptionCommand,
  context: SubscriptionCommandContext,
  store: SubscriptionStore,
): Promise<SubscriptionCommandReply> {
  const { lang } = command;
  switch (command.kind) {
    case 'not-understood':
      return { ok: false, lang, text: t(lang, 'sub.notUnderstood'), items: subscriptionExamples(lang) };
    case 'list': {
      const list = await store.listForConversation(context.conversation);
      if (list.length === 0) return { ok: true, lang, text: t(lang, 'sub.listEmpty') };
      return {
        ok: true,
        lang,
        title: t(lang, 'sub.listTitle'),
        text: t(lang, 'sub.listTitle'),
        items: list.map((sub) => describeWithId(sub, lang)),
      };
    }
    case 'subscribe': {
      try {
        const { subscription, created } = await store.add({
          ...command.filter,
          conversation: context.conversation,
          lang,
          createdBy: context.userId,
        });
        const what = describeSubscription(subscription, lang);
        return {
          ok: true,
          lang,
          text: t(lang, created ? 'sub.subscribed' : 'sub.alreadySubscribed', {
            what: literal(what),
            id: subscription.id,
          }),
        };
      } catch (error) {
        if (error instanceof ConversationNotRegisteredError)
          return { ok: false, lang, text: t(lang, 'sub.notRegistered') };
        throw error;
      }
    }
    case 'unsubscribe': {
      const count =
        command.id !== undefined
          ? Number(await store.removeById(context.conversation, command.id))
          : await store.removeMatching(context.conversation, command.filter);
      return {
        ok: count > 0,
        lang,
        text: count > 0 ? t(lang, 'sub.unsubscribed', { count }) : t(lang, 'sub.nothingToUnsubscribe'),
      };
    }
  }
}
