/**
 * The clean-up request wizard, channel-neutral: pure functions over a state object that Teams (form card
 * or turn by turn) and Slack (modal) share. It collects registry, repository filter, tag regex, older
 * than, keep and untagged-only, validates each answer and says what is wrong in the user's language.
 *
 *   let state = startWizard('de', parsed.partial.params, { defaultRegistry });
 *   state = answer(state, 'hello-world');        // turn by turn: answers the field being asked
 *   state = submitForm(state, cardValues);       // or all at once from the form card
 *   if (isComplete(state)) toRequest(state);     // → { action, params } for the planner
 */
import { RE2JS } from 're2js';
import { maxAgeInDays } from '../src/features/act/purge/duration.js';
import { parseDurationPhrase } from '../src/features/act/request-parser.js';
import { REGISTRY_NAME, REPOSITORY_NAME, type RequestParams } from '../src/features/act/request-params.js';
import { parseDurationInMs } from '../src/core/duration.js';
import type { Lang } from '../src/features/ask/knowledge/types.js';

export const WIZARD_FIELDS = ['registry', 'repository', 'untaggedOnly', 'olderThan', 'keep', 'tagRegex'] as const;
export type WizardField = (typeof WIZARD_FIELDS)[number];
const OPTIONAL: ReadonlySet<WizardField> = new Set(['keep', 'tagRegex']);

export type WizardErrorKey =
  | 'required'
  | 'registry.invalid'
  | 'registry.notAllowed'
  | 'repository.invalid'
  | 'tagRegex.invalid'
  | 'tagRegex.tooLong'
  | 'olderThan.invalid'
  | 'olderThan.outOfRange'
  | 'keep.invalid'
  | 'untaggedOnly.invalid';

export interface WizardError {
  key: WizardErrorKey;
  message: string;
}

export type WizardValues = Pick<RequestParams, WizardField>;

export interface WizardState {
  readonly lang: Lang;
  readonly values: Readonly<WizardValues>;
  readonly errors: Readonly<Partial<Record<WizardField, WizardError>>>;
  /** Fields already asked (optional ones are asked once, then left alone). */
  readonly asked: readonly WizardField[];
  /** The field the next answer() fills, or null when nothing is left to ask. */
  readonly asking: WizardField | null;
}

export interface WizardOptions {
  /** Used when the user names no registry (e.g. the conversation's registry). */
  defaultRegistry?: string;
  /** Registries the policy allows; anything else is refused with a clear message. */
  isRegistryAllowed?: (registry: string) => boolean;
}

const MAX_AGE_IN_MS = maxAgeInDays * 86_400_000; // the purge engine's own limit
const MAX_KEEP = 10_000;
const MAX_REGEX_LENGTH = 200;

export function startWizard(lang: Lang, initial: RequestParams = {}, options: WizardOptions = {}): WizardState {
  let state: WizardState = { lang, values: {}, errors: {}, asked: [], asking: null };
  const prefill: Partial<Record<WizardField, unknown>> = {
    registry: initial.registry ?? options.defaultRegistry,
    repository: initial.repository,
    tagRegex: initial.tagRegex,
    olderThan: initial.olderThan,
    keep: initial.keep,
    untaggedOnly: initial.untaggedOnly,
  };
  for (const field of WIZARD_FIELDS)
    if (prefill[field] !== undefined) state = setField(state, field, prefill[field], options);
  return withNextQuestion(state);
}

/** Starts from what the request parser understood (`ambiguous.partial`): purge-untagged means untagged only. */
export function startWizardFromRequest(
  lang: Lang,
  partial: { action?: string; params: RequestParams },
  options: WizardOptions = {},
): WizardState {
  const untaggedOnly =
    partial.params.untaggedOnly ??
    (partial.action === 'purge-untagged' ? true : partial.params.olderThan ? false : undefined);
  return startWizard(lang, { ...partial.params, untaggedOnly }, options);
}

/** Fills the field being asked with a chat answer; "skip" leaves an optional field empty. */
export function answer(state: WizardState, text: string, options: WizardOptions = {}): WizardState {
  const field = state.asking;
  if (!field) return state;
  const asked = state.asked.includes(field) ? state.asked : [...state.asked, field];
  if (OPTIONAL.has(field) && SKIP.test(text.normalize('NFKC').trim())) return withNextQuestion({ ...state, asked });
  return withNextQuestion({ ...setField(state, field, text, options), asked });
}

/** Validates a whole form submission (card or modal) at once; empty optional inputs clear the field. */
export function submitForm(
  state: WizardState,
  form: Partial<Record<WizardField, unknown>>,
  options: WizardOptions = {},
): WizardState {
  let next: WizardState = { ...state, asked: [...WIZARD_FIELDS] };
  for (const field of WIZARD_FIELDS) if (field in form) next = setField(next, field, form[field], options);
  return withNextQuestion(next);
}

/** Sets one field from raw input (text, number or boolean) and records its validation error, if any. */
export function setField(
  state: WizardState,
  field: WizardField,
  raw: unknown,
  options: WizardOptions = {},
): WizardState {
  const result = validateField(field, raw, options);
  const values: WizardValues = { ...state.values };
  const errors = { ...state.errors };
  if ('error' in result) {
    errors[field] = {
      key: result.error,
      message: wizardMessage(state.lang, result.error, { field: fieldLabel(state.lang, field) }),
    };
  } else {
    delete errors[field];
    if (result.value === undefined) delete values[field];
    else (values as Record<WizardField, unknown>)[field] = result.value;
  }
  return { ...state, values, errors };
}

export function isComplete(state: WizardState): boolean {
  return Object.keys(state.errors).length === 0 && requiredMissing(state.values).length === 0;
}

/** The request for the planner, or null while something is missing or invalid. */
export function toRequest(state: WizardState): { action: 'purge' | 'purge-untagged'; params: RequestParams } | null {
  if (!isComplete(state)) return null;
  const { registry, repository, tagRegex, olderThan, keep, untaggedOnly } = state.values;
  const params: RequestParams = { registry, repository };
  if (tagRegex) params.tagRegex = tagRegex;
  if (olderThan) params.olderThan = olderThan;
  if (keep !== undefined) params.keep = keep;
  return { action: untaggedOnly ? 'purge-untagged' : 'purge', params };
}

/** The question for the field being asked, preceded by the problem with the last answer if there was one. */
export function prompt(state: WizardState): string | null {
  if (!state.asking) return null;
  const question = QUESTIONS[state.lang][state.asking];
  const problem = state.errors[state.asking]?.message;
  return problem ? `${problem} ${question}` : question;
}

function requiredMissing(values: WizardValues): WizardField[] {
  const missing: WizardField[] = [];
  if (!values.registry) missing.push('registry');
  if (!values.repository) missing.push('repository');
  if (values.untaggedOnly === undefined) missing.push('untaggedOnly');
  if (values.untaggedOnly === false && !values.olderThan) missing.push('olderThan');
  return missing;
}

function withNextQuestion(state: WizardState): WizardState {
  const invalid = WIZARD_FIELDS.find((field) => state.errors[field]);
  const missing = requiredMissing(state.values)[0];
  const optional =
    state.values.untaggedOnly === false
      ? WIZARD_FIELDS.find(
          (field) => OPTIONAL.has(field) && !state.asked.includes(field) && state.values[field] === undefined,
        )
      : undefined;
  return { ...state, asking: invalid ?? missing ?? optional ?? null };
}

type Validation = { value: unknown } | { error: WizardErrorKey };

function validateField(field: WizardField, raw: unknown, options: WizardOptions): Validation {
  const text = typeof raw === 'string' ? raw.normalize('NFKC').trim() : raw;
  const empty = text === undefined || text === null || text === '';
  switch (field) {
    case 'registry': {
      if (empty) return options.defaultRegistry ? { value: options.defaultRegistry } : { error: 'required' };
      const registry = String(text).toLowerCase();
      if (!REGISTRY_NAME.test(registry)) return { error: 'registry.invalid' };
      if (options.isRegistryAllowed && !options.isRegistryAllowed(registry)) return { error: 'registry.notAllowed' };
      return { value: registry };
    }
    case 'repository': {
      if (empty) return { error: 'required' };
      const repository = String(text);
      // A plain name, or a repository filter as a (linear-time) regular expression such as `app/.*`.
      return REPOSITORY_NAME.test(repository) ||
        (repository.length <= MAX_REGEX_LENGTH && compiles(repository) && /[.*+?^$[\]()|\\]/.test(repository))
        ? { value: repository }
        : { error: 'repository.invalid' };
    }
    case 'tagRegex': {
      if (empty) return { value: undefined };
      const pattern = String(text);
      if (pattern.length > MAX_REGEX_LENGTH) return { error: 'tagRegex.tooLong' };
      return compiles(pattern) ? { value: pattern } : { error: 'tagRegex.invalid' };
    }
    case 'olderThan': {
      if (empty) return { value: undefined };
      const duration = typeof text === 'number' ? `${text}d` : parseDurationPhrase(String(text));
      if (!duration) return { error: 'olderThan.invalid' };
      const inMs = parseDurationInMs(duration) ?? 0;
      return inMs > 0 && inMs <= MAX_AGE_IN_MS ? { value: duration } : { error: 'olderThan.outOfRange' };
    }
    case 'keep': {
      if (empty) return { value: undefined };
      const keep = typeof text === 'number' ? text : /^\d{1,6}$/.test(String(text)) ? Number(text) : Number.NaN;
      return Number.isInteger(keep) && keep >= 0 && keep <= MAX_KEEP ? { value: keep } : { error: 'keep.invalid' };
    }
    case 'untaggedOnly': {
      if (typeof text === 'boolean') return { value: text };
      if (empty) return { error: 'required' };
      const word = String(text)
        .toLowerCase()
        .replace(/[.!。！]+$/u, '');
      if (YES.test(word)) return { value: true };
      if (NO.test(word)) return { value: false };
      return { error: 'untaggedOnly.invalid' };
    }
  }
}

function compiles(pattern: string): boolean {
  try {
    // RE2 syntax: linear-time matching, so a user's regex cannot stall the purge (no backreferences).
    RE2JS.compile(pattern);
    return true;
  } catch {
    return false;
  }
}

const YES = /^(?:y|yes|true|on|ja|j|はい|うん|是|是的|對|对|好|untagged|ungetaggt|otaggade)$/u;
const NO = /^(?:n|no|false|off|nein|nej|いいえ|いや|否|不|不是|不要)$/u;
const SKIP =
  /^(?:-|skip|none|no|keine?|überspringen|hoppa över|ingen|inga|nej|nein|スキップ|なし|いいえ|跳過|略過|無|不要)$/iu;

// ───────────────────────────── localized texts ─────────────────────────────

const LABELS: Record<Lang, Record<WizardField, string>> = {
  en: {
    registry: 'Registry',
    repository: 'Repository',
    tagRegex: 'Tag filter (regex)',
    olderThan: 'Older than',
    keep: 'Keep newest',
    untaggedOnly: 'Untagged only',
  },
  ja: {
    registry: 'レジストリ',
    repository: 'リポジトリ',
    tagRegex: 'タグのフィルター (正規表現)',
    olderThan: '経過期間',
    keep: '残す最新の数',
    untaggedOnly: 'タグなしのみ',
  },
  'zh-TW': {
    registry: '登錄',
    repository: '存放庫',
    tagRegex: '標記篩選 (規則運算式)',
    olderThan: '早於',
    keep: '保留最新數量',
    untaggedOnly: '僅限未標記',
  },
  de: {
    registry: 'Registry',
    repository: 'Repository',
    tagRegex: 'Tag-Filter (Regex)',
    olderThan: 'Älter als',
    keep: 'Neueste behalten',
    untaggedOnly: 'Nur ungetaggte',
  },
  sv: {
    registry: 'Register',
    repository: 'Lagringsplats',
    tagRegex: 'Taggfilter (regex)',
    olderThan: 'Äldre än',
    keep: 'Behåll nyaste',
    untaggedOnly: 'Endast otaggade',
  },
};

export function fieldLabel(lang: Lang, field: WizardField): string {
  return LABELS[lang][field];
}

const MESSAGES: Record<Lang, Record<WizardErrorKey, string>> = {
  en: {
    required: '{field} is required.',
    'registry.invalid': 'That is not a registry name (e.g. myregistry or myregistry.azurecr.io).',
    'registry.notAllowed': 'That registry is not allowed by the approval policy.',
    'repository.invalid': 'That is not a repository name (e.g. hello-world or app/web) or a valid repository pattern.',
    'tagRegex.invalid': 'That tag filter is not a valid regular expression (RE2 syntax, e.g. ^dev-).',
    'tagRegex.tooLong': 'That tag filter is too long (at most 200 characters).',
    'olderThan.invalid': 'Please give an age such as 30d, 12h or "2 weeks".',
    'olderThan.outOfRange': 'The age must be more than zero and at most 10 years.',
    'keep.invalid': 'Please give a whole number from 0 to 10000.',
    'untaggedOnly.invalid': 'Please answer yes or no.',
  },
  ja: {
    required: '{field}は必須です。',
    'registry.invalid': 'レジストリ名ではありません (例: myregistry、myregistry.azurecr.io)。',
    'registry.notAllowed': 'このレジストリは承認ポリシーで許可されていません。',
    'repository.invalid': 'リポジトリ名 (例: hello-world、app/web) または有効なリポジトリのパターンではありません。',
    'tagRegex.invalid': 'タグのフィルターが有効な正規表現ではありません (RE2 構文、例: ^dev-)。',
    'tagRegex.tooLong': 'タグのフィルターが長すぎます (200 文字まで)。',
    'olderThan.invalid': '30d、12h、「2週間」のように期間を指定してください。',
    'olderThan.outOfRange': '期間は 0 より長く、10 年以内にしてください。',
    'keep.invalid': '0 から 10000 までの整数を指定してください。',
    'untaggedOnly.invalid': '「はい」か「いいえ」で答えてください。',
  },
  'zh-TW': {
    required: '{field}為必填。',
    'registry.invalid': '這不是登錄名稱 (例如 myregistry 或 myregistry.azurecr.io)。',
    'registry.notAllowed': '核准原則不允許此登錄。',
    'repository.invalid': '這不是存放庫名稱 (例如 hello-world 或 app/web)，也不是有效的存放庫模式。',
    'tagRegex.invalid': '標記篩選不是有效的規則運算式 (RE2 語法，例如 ^dev-)。',
    'tagRegex.tooLong': '標記篩選太長 (最多 200 個字元)。',
    'olderThan.invalid': '請輸入時間長度，例如 30d、12h 或「2 週」。',
    'olderThan.outOfRange': '時間長度必須大於零且不超過 10 年。',
    'keep.invalid': '請輸入 0 到 10000 之間的整數。',
    'untaggedOnly.invalid': '請回答「是」或「否」。',
  },
  de: {
    required: '{field} ist erforderlich.',
    'registry.invalid': 'Das ist kein Registry-Name (z. B. myregistry oder myregistry.azurecr.io).',
    'registry.notAllowed': 'Diese Registry ist in der Genehmigungsrichtlinie nicht erlaubt.',
    'repository.invalid':
      'Das ist kein Repository-Name (z. B. hello-world oder app/web) und kein gültiges Repository-Muster.',
    'tagRegex.invalid': 'Der Tag-Filter ist kein gültiger regulärer Ausdruck (RE2-Syntax, z. B. ^dev-).',
    'tagRegex.tooLong': 'Der Tag-Filter ist zu lang (höchstens 200 Zeichen).',
    'olderThan.invalid': 'Bitte ein Alter wie 30d, 12h oder „2 Wochen“ angeben.',
    'olderThan.outOfRange': 'Das Alter muss größer als null und höchstens 10 Jahre sein.',
    'keep.invalid': 'Bitte eine ganze Zahl von 0 bis 10000 angeben.',
    'untaggedOnly.invalid': 'Bitte mit Ja oder Nein antworten.',
  },
  sv: {
    required: '{field} måste anges.',
    'registry.invalid': 'Det är inte ett registernamn (t.ex. myregistry eller myregistry.azurecr.io).',
    'registry.notAllowed': 'Registret är inte tillåtet i godkännandepolicyn.',
    'repository.invalid':
      'Det är inte ett namn på en lagringsplats (t.ex. hello-world eller app/web) eller ett giltigt mönster.',
    'tagRegex.invalid': 'Taggfiltret är inte ett giltigt reguljärt uttryck (RE2-syntax, t.ex. ^dev-).',
    'tagRegex.tooLong': 'Taggfiltret är för långt (högst 200 tecken).',
    'olderThan.invalid': 'Ange en ålder som 30d, 12h eller ”2 veckor”.',
    'olderThan.outOfRange': 'Åldern måste vara större än noll och högst 10 år.',
    'keep.invalid': 'Ange ett heltal från 0 till 10000.',
    'untaggedOnly.invalid': 'Svara ja eller nej.',
  },
};

export function wizardMessage(lang: Lang, key: WizardErrorKey, params: Record<string, string> = {}): string {
  return MESSAGES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

const QUESTIONS: Record<Lang, Record<WizardField, string>> = {
  en: {
    registry: 'Which registry?',
    repository: 'Which repository (e.g. hello-world)?',
    untaggedOnly: 'Delete only untagged manifests? (yes/no)',
    olderThan: 'Delete tags older than how long (e.g. 30d)?',
    keep: 'How many of the newest tags should be kept? ("skip" for none)',
    tagRegex: 'Only tags matching a regular expression? ("skip" for all tags)',
  },
  ja: {
    registry: 'どのレジストリですか？',
    repository: 'どのリポジトリですか (例: hello-world)？',
    untaggedOnly: 'タグなしマニフェストだけを削除しますか？ (はい/いいえ)',
    olderThan: 'どれより古いタグを削除しますか (例: 30d)？',
    keep: '最新のタグをいくつ残しますか？ (不要なら「スキップ」)',
    tagRegex: '正規表現に一致するタグだけにしますか？ (すべてなら「スキップ」)',
  },
  'zh-TW': {
    registry: '哪一個登錄？',
    repository: '哪一個存放庫 (例如 hello-world)？',
    untaggedOnly: '只刪除未標記的資訊清單嗎？ (是/否)',
    olderThan: '刪除早於多久的標記 (例如 30d)？',
    keep: '要保留幾個最新的標記？ (不需要請輸入「跳過」)',
    tagRegex: '只處理符合規則運算式的標記嗎？ (全部請輸入「跳過」)',
  },
  de: {
    registry: 'Welche Registry?',
    repository: 'Welches Repository (z. B. hello-world)?',
    untaggedOnly: 'Nur ungetaggte Manifeste löschen? (ja/nein)',
    olderThan: 'Tags löschen, die älter sind als (z. B. 30d)?',
    keep: 'Wie viele der neuesten Tags sollen bleiben? („überspringen“ für keine)',
    tagRegex: 'Nur Tags, die einem regulären Ausdruck entsprechen? („überspringen“ für alle)',
  },
  sv: {
    registry: 'Vilket register?',
    repository: 'Vilken lagringsplats (t.ex. hello-world)?',
    untaggedOnly: 'Ta bara bort otaggade manifest? (ja/nej)',
    olderThan: 'Ta bort taggar äldre än hur länge (t.ex. 30d)?',
    keep: 'Hur många av de nyaste taggarna ska behållas? (”hoppa över” för inga)',
    tagRegex: 'Bara taggar som matchar ett reguljärt uttryck? (”hoppa över” för alla)',
  },
};

/** For tests and translators: the keys of every table in one language. */
export function wizardTextKeys(lang: Lang): { labels: string[]; messages: string[]; questions: string[] } {
  return {
    labels: Object.keys(LABELS[lang]),
    messages: Object.keys(MESSAGES[lang]),
    questions: Object.keys(QUESTIONS[lang]),
  };
}
