/**
 * The clean-up request wizard, channel-neutral: pure functions over a state object that Teams (form card
 * or turn by turn) and Slack (modal) share. It collects registry, repository filter, tag regex, older
 * than, keep and untagged-only, validates each answer and says what is wrong in the user's language (Act's
 * catalog entries `wizard.label.*`, `wizard.question.*` and `wizard.error.*`).
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
import type { Lang } from '../src/core/lang.js';
import { t } from '../src/features/act/messages/index.js';

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
      message: t(state.lang, `wizard.error.${result.error}`, { field: t(state.lang, `wizard.label.${field}`) }),
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
  const question = t(state.lang, `wizard.question.${state.asking}`);
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
