/**
 * Turns a chat message into a registry request, or says it is not one.
 *
 * - Typed commands: `purge hello-world --ago 30d --keep 5`, `lock repo:tag`, `usage [registry]`, `audit -n 50`…
 * - Natural requests in en, ja, zh-TW, de, sv: "delete untagged manifests in hello-world",
 *   "hello-world のタグなしマニフェストを削除して", "lösche ungetaggte Manifeste in hello-world"…
 *
 * Results: `action` (everything needed is there), `ambiguous` (a request, but something is missing or
 * invalid: the bot opens the request form instead of guessing) or `none` (not a request: questions such
 * as "how do I delete untagged manifests?" go to the FAQ). Deliberately small and table-driven: the word
 * lists below are the grammar; test/unit/actions/request-parser.test.ts is its specification.
 */
import { parseArgs } from 'node:util';
import { formatDuration, parseDurationInMs } from '../../core/duration.js';
import {
  DIGEST,
  REGISTRY_NAME,
  REPOSITORY_NAME,
  TAG_NAME,
  type CommandName,
  type RequestField,
  type RequestParams,
} from './request-params.js';

export type ParsedRequest =
  | { kind: 'action'; action: CommandName; params: RequestParams; origin: 'typed' | 'natural' }
  | {
      kind: 'ambiguous';
      partial: { action?: CommandName; params: RequestParams };
      missing: RequestField[];
      invalid: InvalidField[];
      origin: 'typed' | 'natural';
    }
  | { kind: 'none' };

export interface InvalidField {
  field: RequestField | 'option';
  value: string;
}

const NONE: ParsedRequest = { kind: 'none' };

export function parseRequest(message: string): ParsedRequest {
  const text = normalize(message);
  if (!text) return NONE;
  return parseTyped(text) ?? parseNatural(text);
}

/** NFKC folds full-width digits and letters (３０日, ｈｅｌｌｏ) into ASCII; mentions and "@bot" are the adapter's job. */
function normalize(message: string): string {
  return message.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

// ───────────────────────────── typed commands ─────────────────────────────

const TYPED_ALIASES: Record<string, CommandName> = {
  purge: 'purge',
  usage: 'usage',
  health: 'health',
  'cancel-runs': 'cancel-runs',
  lock: 'lock',
  unlock: 'unlock',
  'disable-admin': 'disable-admin-user',
  'disable-admin-user': 'disable-admin-user',
  pending: 'pending',
  audit: 'audit',
  help: 'help',
};

const TYPED_OPTIONS = {
  ago: { type: 'string' },
  keep: { type: 'string' },
  untagged: { type: 'boolean' },
  filter: { type: 'string' },
  'tag-regex': { type: 'string' },
  registry: { type: 'string', short: 'r' },
  n: { type: 'string', short: 'n' },
} as const;

const KNOWN_OPTION = new RegExp(
  `^(?:--(?:${Object.keys(TYPED_OPTIONS).join('|')})(?:=.*)?|-(?:${Object.values(TYPED_OPTIONS)
    .flatMap((option) => ('short' in option ? [option.short] : []))
    .join('|')}))$`,
);

/** Positionals each command accepts, in order. More than that means it is a sentence, not a command. */
const POSITIONALS: Record<CommandName, ('repository' | 'registry' | 'reference' | 'topic')[]> = {
  purge: ['repository'],
  'purge-untagged': ['repository'],
  usage: ['registry'],
  health: ['registry'],
  'cancel-runs': ['registry'],
  'disable-admin-user': ['registry'],
  lock: ['reference'],
  unlock: ['reference'],
  pending: [],
  audit: [],
  help: ['topic'],
};

function parseTyped(text: string): ParsedRequest | null {
  const tokens = tokenize(text);
  const word = tokens[0]?.replace(/^[/!]/, '').toLowerCase() ?? '';
  // Own keys only: "__proto__" or "constructor" typed in chat must not reach Object.prototype.
  const action = Object.hasOwn(TYPED_ALIASES, word) ? TYPED_ALIASES[word] : undefined;
  if (!action) return null;
  const args = tokens.slice(1);
  const hasOptions = args.some((arg) => arg.startsWith('-'));
  const positionals = args.filter((arg) => !arg.startsWith('-'));
  // "purge tags older than 30 days…" starts with a command word but is a sentence.
  if (!hasOptions && positionals.length > POSITIONALS[action].length) return null;
  if (!hasOptions && !positionals.every((arg, index) => positionalFits(POSITIONALS[action][index], arg))) return null;

  const params: RequestParams = {};
  const invalid: InvalidField[] = [];
  // Unknown options are reported but do not hide what else the command said (the form shows both).
  const known = args.filter((arg) => {
    if (!arg.startsWith('-') || KNOWN_OPTION.test(arg)) return true;
    invalid.push({ field: 'option', value: arg });
    return false;
  });
  let values: Record<string, string | boolean | undefined>;
  let rest: string[];
  try {
    const parsed = parseArgs({ args: known, options: TYPED_OPTIONS, allowPositionals: true, strict: true });
    values = parsed.values;
    rest = parsed.positionals;
  } catch (error) {
    const option = /'([^']+)'/.exec((error as Error).message)?.[1] ?? args.find((arg) => arg.startsWith('-')) ?? '';
    return ambiguous(action, params, [], [...invalid, { field: 'option', value: option }], 'typed');
  }

  for (const [index, value] of rest.entries()) {
    const slot = POSITIONALS[action][index];
    if (!slot || !positionalFits(slot, value))
      invalid.push({ field: slot === 'registry' ? 'registry' : slot === 'reference' ? 'tag' : 'repository', value });
    else if (slot === 'repository') params.repository = value;
    else if (slot === 'registry') params.registry = value.toLowerCase();
    else if (slot === 'reference') Object.assign(params, splitReference(value));
  }
  if (typeof values.registry === 'string') {
    if (REGISTRY_NAME.test(values.registry.toLowerCase())) params.registry = values.registry.toLowerCase();
    else invalid.push({ field: 'registry', value: values.registry });
  }
  if (typeof values.filter === 'string') {
    // acr-cli style: --filter "repository:tag-regex"
    const colon = values.filter.indexOf(':');
    const repository = colon < 0 ? values.filter : values.filter.slice(0, colon);
    if (REPOSITORY_NAME.test(repository)) params.repository = repository;
    else invalid.push({ field: 'repository', value: repository });
    if (colon >= 0 && values.filter.slice(colon + 1)) params.tagRegex = values.filter.slice(colon + 1);
  }
  if (typeof values['tag-regex'] === 'string') params.tagRegex = values['tag-regex'];
  if (typeof values.ago === 'string') {
    const inMs = parseDurationInMs(values.ago);
    if (inMs && inMs > 0) params.olderThan = formatDuration(inMs);
    else invalid.push({ field: 'olderThan', value: values.ago });
  }
  if (typeof values.keep === 'string') {
    if (/^\d{1,6}$/.test(values.keep)) params.keep = Number(values.keep);
    else invalid.push({ field: 'keep', value: values.keep });
  }
  if (typeof values.n === 'string') {
    if (/^\d{1,5}$/.test(values.n) && Number(values.n) > 0) params.count = Number(values.n);
    else invalid.push({ field: 'count', value: values.n });
  }
  let finalAction = action;
  if (values.untagged) {
    if (action !== 'purge') invalid.push({ field: 'option', value: '--untagged' });
    else if (params.olderThan) params.untaggedOnly = false;
    else finalAction = 'purge-untagged';
  }
  return complete(finalAction, params, invalid, 'typed');
}

function positionalFits(slot: (typeof POSITIONALS)[CommandName][number] | undefined, value: string): boolean {
  switch (slot) {
    case 'repository':
      return REPOSITORY_NAME.test(value);
    case 'registry':
      return REGISTRY_NAME.test(value.toLowerCase());
    case 'reference':
      return splitReference(value) !== null || REPOSITORY_NAME.test(value);
    case 'topic':
      return /^[a-z-]+$/i.test(value);
    default:
      return false;
  }
}

/** `repo:tag` or `repo@sha256:…` → repository + tag; a bare repository leaves the tag to ask for. */
function splitReference(value: string): { repository: string; tag?: string } | null {
  const at = value.indexOf('@');
  if (at > 0 && REPOSITORY_NAME.test(value.slice(0, at)) && DIGEST.test(value.slice(at + 1)))
    return { repository: value.slice(0, at), tag: value.slice(at + 1) };
  const colon = value.lastIndexOf(':');
  if (colon > 0 && REPOSITORY_NAME.test(value.slice(0, colon)) && TAG_NAME.test(value.slice(colon + 1)))
    return { repository: value.slice(0, colon), tag: value.slice(colon + 1) };
  if (REPOSITORY_NAME.test(value)) return { repository: value };
  return null;
}

/** Whitespace-separated words; single or double quotes keep spaces (`--filter 'app:^v1 .*'`). */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) tokens.push(match[1] ?? match[2] ?? match[3]);
  return tokens;
}

// ───────────────────────────── natural requests ─────────────────────────────

/** Whole word for Latin scripts (letters with diacritics included); CJK needs no boundaries. */
const W = (source: string): string => `(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}\\p{N}])`;
/** Word start only (stems: lösch → lösche, löschen). */
const S = (source: string): string => `(?<![\\p{L}\\p{N}])(?:${source})`;
const any = (...sources: string[]): RegExp => new RegExp(sources.join('|'), 'iu');

/** Questions go to the FAQ, even when they mention an action ("how do I delete…"). */
const QUESTION = any(
  // en
  `^${W('how|what|why|when|where|which|who|is|are|does|should|can i|may i|could i|do i')}`,
  // de
  `^${W('wie|was|warum|wieso|weshalb|wann|wo|welche[rsnm]?|kann ich|darf ich|ist|sind|gibt es|muss ich')}`,
  // sv
  `^${W('hur|vad|varför|när|var|vilken|vilka|vilket|kan jag|får jag|är|finns|måste jag')}`,
  // ja ("レジストリの容量の上限は?": a topic left open with は or って asks about it)
  'どうやって|どのように|どうすれば|どうしたら|方法|手順|とは|なぜ|なんで|(?:は|って)[?？]?$|(?<!てもらえ|てくれ|ていただけ|てくださ)(?:ですか|ますか|でしょうか)[?？]?$',
  // zh-TW
  '如何|怎麼|怎样|怎樣|為什麼|為何|什麼是|甚麼是|要怎|方法|(?<!請[^嗎]{0,40})(?:嗎|呢)[?？]?$',
);

/** Polite requests end with a question mark too ("can you cancel all running runs?"): still requests. */
const POLITE_REQUEST = any(
  `^${W('can you|could you|would you|will you|please|pls|kannst du|könnt ihr|können sie|könnten sie|könntest du|bitte|kan du|kan ni|skulle du|skulle ni|snälla')}`,
  'てくれ|てもらえ|ていただけ|てください|てほしい|て欲しい',
  '^請|幫我|帮我|可以幫|能幫|麻煩',
);
const ENDS_AS_QUESTION = /[?？]\s*$/u;

const PURGE_VERB = any(
  W('delete|remove|purge|clean ?up|clean|prune|get rid of|clear out|wipe'),
  '削除|消して|消す|消去|掃除|クリーンアップ|パージ|片付け',
  '刪除|删除|清除|移除|清理',
  S('lösch|entfern|bereinig|aufräum|räum'),
  W('ta bort|radera|rensa'),
);
const PURGE_OBJECT = any(
  W('tags?|manifests?|images?|artifacts?|versions?|digests?|untagged'),
  'タグ|マニフェスト|イメージ|アーティファクト|成果物',
  '標記|標籤|資訊清單|映像|成品|版本',
  S('manifest|image|abbild|artefakt|version|ungetaggt'),
  S('tagg|otagg|avbildning|artefakt|version'),
);
const UNTAGGED = any(
  W('untagged|dangling|without (?:a )?tags?|no tags?|tagless'),
  'タグなし|タグ無し|タグのない|タグの無い|タグが付いていない|タグが付いてない|タグ付けされていない|未タグ',
  '沒有標記|未標記|無標記|沒有標籤|未加標籤|無標籤|未標籤',
  S('ungetaggt|nicht getaggt|ohne tags?'),
  S('otagg|utan tagg'),
);
const CANCEL_VERB = any(
  W('cancel|stop|abort|kill'),
  'キャンセル|中止|停止|取り消',
  '取消|停止|中止',
  S('abbrech|brich|stopp'),
  S('avbryt|stoppa'),
);
const RUNS = any(
  W('runs?|tasks?|builds?|jobs?'),
  '実行|ラン|タスク|ビルド|ジョブ',
  '執行|工作|任務|建置|作業',
  S('lauf|läuf|task|build|job|ausführung'),
  S('körning|uppgift|bygg|jobb'),
);
const ADMIN = any(S('admin'), '管理者|アドミン', '管理員|系統管理', S('administrat'));
const DISABLE_VERB = any(
  W('disable|turn off|switch off|deactivate'),
  '無効|オフ',
  '停用|關閉|禁用',
  S('deaktivier|abschalt|ausschalt'),
  S('inaktivera|stäng av|avaktivera'),
);
const UNLOCK = any(
  W('unlock'),
  'ロック解除|ロックを解除|アンロック',
  '解除鎖定|解鎖|取消鎖定',
  S('entsperr'),
  W('lås upp|låsa upp'),
);
const LOCK = any(W('lock'), 'ロック', '鎖定', S('sperr'), W('lås|låsa'));
const USAGE = any(
  W('usage|storage use|disk use|space used'),
  '使用量|使用状況|容量',
  '使用量|用量|使用情況',
  S('nutzung|speicherverbrauch|belegung|speicherplatz'),
  S('användning|lagringsanvändning|utrymme'),
);
const HEALTH = any(
  W('health|health ?check'),
  'ヘルスチェック|正常性|健全性',
  '健康檢查|健康狀態|健全狀況',
  S('integrität|zustand|gesundheit'),
  S('hälsa|hälsokontroll'),
);
const PENDING = any(W('pending'), '保留中|承認待ち', '待核准|待處理|擱置', S('ausstehend'), S('väntande'));
const AUDIT = any(
  W('audit(?: log| trail)?'),
  '監査ログ|監査',
  '稽核記錄|稽核',
  S('prüfprotokoll|audit'),
  S('granskningslogg|revisionslogg|audit'),
);

const DAY = 86_400_000;
const UNITS: [RegExp, number][] = [
  [/^(?:d|days?|日|天|tage?n?|dagar|dag|dygn)$/iu, DAY],
  [/^(?:w|weeks?|週間|週|周|星期|wochen?|veckor|vecka)$/iu, 7 * DAY],
  [/^(?:h|hours?|時間|小時|stunden?|timmar|timme)$/iu, 3_600_000],
  [/^(?:months?|か月|ヶ月|カ月|ケ月|個月|monate?n?|monat|månader|månad)$/iu, 30 * DAY],
];
const DURATION_IN_TEXT =
  /(?<![A-Za-z0-9])(\d{1,5})\s*(days?|d|日|天|tagen|tage|tag|dagar|dag|dygn|weeks?|w|週間|週|周|星期|wochen|woche|veckor|vecka|hours?|h|時間|小時|stunden|stunde|timmar|timme|months?|か月|ヶ月|カ月|ケ月|個月|monaten|monate|monat|månader|månad)(?![a-zåäöß])/iu;

const KEEP = [
  /(?<![\p{L}])(?:keep|keeping|retain|leave|spare)\D{0,30}?(\d{1,6})/iu,
  /(?:all but|except(?: for)?|außer|utom|除了)\s*(?:the |den |de |die )?(?:latest |last |newest |most recent |neuesten |letzten |senaste |nyaste |最新的?)?\s*(\d{1,6})/iu,
  /(\d{1,6})\s*(?:個|件|つ|世代|本)?\s*(?:の\S{0,6})?(?:を|は)?\s*残/u,
  /(?:最新の?)(\d{1,6})\s*(?:個|件|つ|世代|本)?(?:を|は)?\s*(?:残|保持)/u,
  /(?:保留|留下)\D{0,10}?(\d{1,6})/u,
  /(?<![\p{L}])(?:behalte|behalten|behalt|lass|lasse|übrig)\D{0,30}?(\d{1,6})/iu,
  /(\d{1,6})\s+(?:\p{L}+\s+){0,2}(?:behalten|übrig lassen)/iu,
  /(?<![\p{L}])(?:behåll|behålla|spara|lämna)\D{0,30}?(\d{1,6})/iu,
];

const TAG_PATTERN: [RegExp, (match: string) => string][] = [
  [
    /(?:matching|that match|which match|passend zu|entsprechend|som matchar|matchande)\s+[`'"]?([^\s`'"]+)[`'"]?/iu,
    (value) => value,
  ],
  [/[`'"]?([^\s`'"]+)[`'"]?\s*(?:に一致する|にマッチする|に合う)/u, (value) => value],
  [/符合\s*[`'"]?([^\s`'"，,]+?)[`'"]?\s*(?:的|$)/u, (value) => value],
  [
    /(?:starting with|beginning with|that start with|prefixed with|beginnend mit|die mit|som börjar på|som börjar med)\s+[`'"]?([A-Za-z0-9._-]+)[`'"]?/iu,
    (prefix) => `^${escapeRegExp(prefix)}`,
  ],
  [/[`'"]?([A-Za-z0-9._-]+)[`'"]?\s*で始まる/u, (prefix) => `^${escapeRegExp(prefix)}`],
  [/以\s*[`'"]?([A-Za-z0-9._-]+)[`'"]?\s*(?:開頭|为开头|為開頭)/u, (prefix) => `^${escapeRegExp(prefix)}`],
];

/** Latin words right after a preposition that are never repository names. */
const NOT_A_REPOSITORY = new Set(
  (
    'the a an all my our this that your registry registries repo repos repository repositories it them acr azure ' +
    'der die das dem den des ein einem einer mein meinem meiner unserem unserer dieser diesem registrierung ' +
    'min mitt mina vårt vår registret registry detta denna den det alla ' +
    'tags tag manifests manifest images image days weeks hours older than keep latest newest last but and ' +
    'untagged dangling admin user runs tasks usage health please bitte snälla'
  ).split(' '),
);
const REPOSITORY_AFTER =
  /(?<![\p{L}\p{N}])(?:in|from|of|for|on|inside|im|in dem|aus|von|vom|i|från|ur|för|på)\s+(?:(?:the|dem|den|det)\s+)?(?:(?:repo|repository|repositoriet|repot|repositorium)\s+)?([a-z0-9][a-z0-9._/-]*[a-z0-9]|[a-z0-9])(?![\p{L}\p{N}])/giu;
const REPOSITORY_KEYWORD =
  /(?<![\p{L}\p{N}])(?:repo|repository|repositoriet|repot|repositorium|リポジトリ|存放庫|儲存庫)\s*[:：]?\s*([a-z0-9][a-z0-9._/-]*[a-z0-9])/giu;
const LATIN_TOKEN = /(?<![A-Za-z0-9._/-])([a-z0-9][a-z0-9._/-]*[a-z0-9]|[a-z])(?![A-Za-z0-9._/-])/g;
const REFERENCE_IN_TEXT =
  /(?<![A-Za-z0-9._/-])([a-z0-9][a-z0-9._/-]*(?::[A-Za-z0-9_][A-Za-z0-9._-]{0,127}|@sha256:[a-f0-9]{64}))(?![A-Za-z0-9._/-])/;
const REGISTRY_IN_TEXT =
  /(?<![A-Za-z0-9.-])([a-z0-9-]+\.azurecr\.(?:io|cn|us))(?![A-Za-z0-9.-])|(?:registry|registret|registrierung|レジストリ|登錄|登录)\s*[:：]?\s*([a-z0-9][a-z0-9-]{3,49})(?![\p{L}\p{N}])/iu;

function parseNatural(text: string): ParsedRequest {
  const lower = text.toLowerCase();
  if (QUESTION.test(lower) || (ENDS_AS_QUESTION.test(lower) && !POLITE_REQUEST.test(lower))) return NONE;

  const params: RequestParams = {};
  const registry = REGISTRY_IN_TEXT.exec(lower);
  if (registry) params.registry = registry[1] ?? registry[2];

  // Order matters: "unlock" contains "lock", "disable admin" must not read as anything else.
  if (DISABLE_VERB.test(lower) && ADMIN.test(lower)) return complete('disable-admin-user', params, [], 'natural');
  if (UNLOCK.test(lower) || (LOCK.test(lower) && /解除|取消/.test(lower))) return lockRequest('unlock', lower, params);
  if (LOCK.test(lower) && !PURGE_VERB.test(lower)) return lockRequest('lock', lower, params);
  if (CANCEL_VERB.test(lower) && RUNS.test(lower)) return complete('cancel-runs', params, [], 'natural');

  if (PURGE_VERB.test(lower)) {
    const repository = findRepository(lower, params.registry);
    const olderThan = findDuration(lower);
    const keep = findKeep(lower);
    const tagRegex = findTagRegex(text);
    const untagged = UNTAGGED.test(lower);
    // "delete the webhook" is not a registry clean-up: something must say what is deleted.
    if (!repository && olderThan === undefined && !PURGE_OBJECT.test(lower)) return NONE;
    if (repository) params.repository = repository;
    if (olderThan) params.olderThan = olderThan;
    if (keep !== undefined) params.keep = keep;
    if (tagRegex) params.tagRegex = tagRegex;
    return complete(untagged ? 'purge-untagged' : 'purge', params, [], 'natural');
  }

  if (PENDING.test(lower)) return complete('pending', params, [], 'natural');
  if (AUDIT.test(lower)) return complete('audit', params, [], 'natural');
  if (USAGE.test(lower)) return complete('usage', params, [], 'natural');
  if (HEALTH.test(lower)) return complete('health', params, [], 'natural');
  return NONE;
}

function lockRequest(action: 'lock' | 'unlock', lower: string, params: RequestParams): ParsedRequest {
  const reference = REFERENCE_IN_TEXT.exec(lower.replace(REGISTRY_IN_TEXT, ' '));
  const split = reference ? splitReference(reference[1]) : null;
  if (split) Object.assign(params, split);
  else {
    const repository = findRepository(lower, params.registry);
    if (repository) params.repository = repository;
  }
  return complete(action, params, [], 'natural');
}

function findRepository(lower: string, registry: string | undefined): string | undefined {
  const withoutRegistry = registry ? lower.split(registry).join(' ') : lower;
  const candidates = [
    ...[...withoutRegistry.matchAll(REPOSITORY_KEYWORD)].map((match) => match[1]),
    ...[...withoutRegistry.matchAll(REPOSITORY_AFTER)].map((match) => match[1]),
  ];
  // CJK sentences name the repository as the only Latin word ("hello-world のタグなし…").
  if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(withoutRegistry)) {
    candidates.push(...[...withoutRegistry.matchAll(LATIN_TOKEN)].map((match) => match[1]));
  }
  return candidates.find((candidate) => isRepositoryCandidate(candidate));
}

function isRepositoryCandidate(candidate: string): boolean {
  if (NOT_A_REPOSITORY.has(candidate) || !REPOSITORY_NAME.test(candidate)) return false;
  if (/^\d+$/.test(candidate) || DURATION_IN_TEXT.test(candidate) || parseDurationInMs(candidate) !== null)
    return false;
  return true;
}

function findDuration(lower: string): string | undefined {
  const match = DURATION_IN_TEXT.exec(lower);
  if (!match) return undefined;
  const unit = UNITS.find(([pattern]) => pattern.test(match[2]));
  return unit && Number(match[1]) > 0 ? formatDuration(Number(match[1]) * unit[1]) : undefined;
}

function findKeep(lower: string): number | undefined {
  for (const pattern of KEEP) {
    const match = pattern.exec(lower);
    if (match) return Number(match[1]);
  }
  return undefined;
}

function findTagRegex(text: string): string | undefined {
  for (const [pattern, toRegex] of TAG_PATTERN) {
    const match = pattern.exec(text);
    if (match) return toRegex(match[1]);
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

// ───────────────────────────── completeness ─────────────────────────────

/** Fields an action cannot do without; everything else has a default or comes from the conversation. */
export function missingFields(action: CommandName, params: RequestParams): RequestField[] {
  const missing: RequestField[] = [];
  if (action === 'purge' || action === 'purge-untagged' || action === 'lock' || action === 'unlock') {
    if (!params.repository) missing.push('repository');
  }
  if (action === 'purge' && !params.olderThan) missing.push('olderThan');
  if ((action === 'lock' || action === 'unlock') && !params.tag) missing.push('tag');
  return missing;
}

/**
 * The typed command a person would write for a request given as parameters (shown back to them, e.g. when Act
 * is not set up); `parseRequest` reads it back to the same request.
 */
export function commandText(action: CommandName, params: RequestParams): string {
  const words: string[] = action === 'purge-untagged' ? ['purge', '--untagged'] : [action];
  if (params.repository) words.push(params.repository);
  if (params.olderThan) words.push('--ago', params.olderThan);
  if (params.keep !== undefined) words.push('--keep', String(params.keep));
  if (params.tagRegex) words.push('--filter', params.tagRegex);
  if (params.registry) words.push('--registry', params.registry);
  return words.join(' ');
}

/** A request given as parameters (by another feature, e.g. an alert's button): checked like a typed command. */
export function requestFromParams(action: CommandName, params: RequestParams): ParsedRequest {
  return complete(action, params, [], 'typed');
}

function complete(
  action: CommandName,
  params: RequestParams,
  invalid: InvalidField[],
  origin: 'typed' | 'natural',
): ParsedRequest {
  const missing = missingFields(action, params).filter((field) => !invalid.some((bad) => bad.field === field));
  if (missing.length === 0 && invalid.length === 0) return { kind: 'action', action, params, origin };
  return ambiguous(action, params, missing, invalid, origin);
}

function ambiguous(
  action: CommandName,
  params: RequestParams,
  missing: RequestField[],
  invalid: InvalidField[],
  origin: 'typed' | 'natural',
): ParsedRequest {
  return { kind: 'ambiguous', partial: { action, params }, missing, invalid, origin };
}

/** A duration as typed in a form or a wizard answer: `30d`, `1d12h`, "30 days", "30日", "30 天", "2 Wochen", "3 dagar". */
export function parseDurationPhrase(text: string): string | undefined {
  const compact = parseDurationInMs(normalize(text));
  if (compact) return formatDuration(compact);
  return findDuration(normalize(text).toLowerCase());
}
