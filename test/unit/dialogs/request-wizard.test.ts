import { SUPPORTED_LANGS } from '../../../src/features/ask/knowledge/types.js';
import { parseRequest } from '../../../src/features/act/request-parser.js';
import {
  answer,
  isComplete,
  prompt,
  startWizard,
  startWizardFromRequest,
  submitForm,
  toRequest,
  type WizardState,
} from '../../../dialogs/request-wizard.js';

const allowed = { isRegistryAllowed: (registry: string) => registry.endsWith('.azurecr.io') };

function answers(state: WizardState, ...texts: string[]): WizardState {
  return texts.reduce((current, text) => answer(current, text, allowed), state);
}

describe('request wizard', () => {
  it('asks for what is missing, one field at a time, then builds the request', () => {
    let state = startWizard('en', {}, allowed);
    expect(state.asking).toBe('registry');
    expect(prompt(state)).toBe('Which registry?');
    state = answers(state, 'demo.azurecr.io', 'hello-world', 'no', '30 days', '5', 'skip');
    expect(state.asking).toBeNull();
    expect(isComplete(state)).toBe(true);
    expect(toRequest(state)).toEqual({
      action: 'purge',
      params: { registry: 'demo.azurecr.io', repository: 'hello-world', olderThan: '30d', keep: 5 },
    });
  });

  it('does not ask for an age or the optional fields when only untagged manifests go', () => {
    const state = answers(startWizard('en', { registry: 'demo.azurecr.io' }, allowed), 'app/web', 'yes');
    expect(state.asking).toBeNull();
    expect(toRequest(state)).toEqual({
      action: 'purge-untagged',
      params: { registry: 'demo.azurecr.io', repository: 'app/web' },
    });
  });

  it('keeps asking the same field, with the reason, after a bad answer', () => {
    const state = answers(
      startWizard('en', { registry: 'demo.azurecr.io', repository: 'hello-world', untaggedOnly: false }, allowed),
      'a while',
    );
    expect(state.asking).toBe('olderThan');
    expect(prompt(state)).toBe(
      'Please give an age such as 30d, 12h or "2 weeks". Delete tags older than how long (e.g. 30d)?',
    );
    expect(toRequest(state)).toBeNull();
    const fixed = answer(state, '2w', allowed);
    expect(fixed.values.olderThan).toBe('14d');
    expect(fixed.errors).toEqual({});
  });

  it('continues from what the parser understood', () => {
    const parsed = parseRequest('30日より古いタグを削除');
    if (parsed.kind !== 'ambiguous') throw new Error(`expected ambiguous, got ${parsed.kind}`);
    const state = startWizardFromRequest('ja', parsed.partial, { ...allowed, defaultRegistry: 'demo.azurecr.io' });
    expect(state.values).toEqual({ registry: 'demo.azurecr.io', olderThan: '30d', untaggedOnly: false });
    expect(state.asking).toBe('repository');
    expect(prompt(state)).toBe('どのリポジトリですか (例: hello-world)？');
    const untagged = parseRequest('delete untagged manifests');
    if (untagged.kind !== 'ambiguous') throw new Error('expected ambiguous');
    expect(startWizardFromRequest('en', untagged.partial, allowed).values.untaggedOnly).toBe(true);
  });

  it.each([
    ['registry', 'evil.example.com', 'registry.notAllowed'],
    ['registry', 'not a registry!', 'registry.invalid'],
    ['repository', 'Hello World', 'repository.invalid'],
    ['repository', '', 'required'],
    ['tagRegex', '(unclosed', 'tagRegex.invalid'],
    ['tagRegex', '(a)\\1', 'tagRegex.invalid'],
    ['tagRegex', 'x'.repeat(201), 'tagRegex.tooLong'],
    ['olderThan', 'soon', 'olderThan.invalid'],
    ['olderThan', '4000d', 'olderThan.outOfRange'],
    ['keep', '-1', 'keep.invalid'],
    ['keep', 'five', 'keep.invalid'],
    ['untaggedOnly', 'maybe', 'untaggedOnly.invalid'],
  ] as const)('refuses %s = %p with %s', (field, value, key) => {
    const state = submitForm(startWizard('en', {}, allowed), { [field]: value }, allowed);
    expect(state.errors[field]?.key).toBe(key);
    expect(state.asking).toBe(field);
  });

  it('accepts a repository pattern and a linear-time tag regex', () => {
    const state = submitForm(
      startWizard('de', {}, allowed),
      {
        registry: 'Demo.AzureCR.io',
        repository: 'app/.*',
        untaggedOnly: false,
        olderThan: '3 Tage',
        keep: 0,
        tagRegex: '^v\\d+$',
      },
      allowed,
    );
    expect(state.errors).toEqual({});
    expect(toRequest(state)?.params).toEqual({
      registry: 'demo.azurecr.io',
      repository: 'app/.*',
      olderThan: '3d',
      keep: 0,
      tagRegex: '^v\\d+$',
    });
  });

  it('validates a whole form at once and reports every problem in the user language', () => {
    const state = submitForm(
      startWizard('sv', {}, allowed),
      { registry: 'demo.azurecr.io', repository: 'UPPER', untaggedOnly: false, olderThan: 'snart', keep: 'x' },
      allowed,
    );
    expect(Object.keys(state.errors).sort()).toEqual(['keep', 'olderThan', 'repository']);
    expect(state.errors.olderThan?.message).toBe('Ange en ålder som 30d, 12h eller ”2 veckor”.');
    expect(state.asking).toBe('repository');
    expect(isComplete(state)).toBe(false);
  });

  it.each([
    ['ja', 'はい', '2週間'],
    ['zh-TW', '否', '14 天'],
    ['de', 'nein', '2 Wochen'],
    ['sv', 'nej', '14 dagar'],
  ] as const)('understands %s answers', (lang, untagged, age) => {
    const state = answers(
      startWizard(lang, { registry: 'demo.azurecr.io', repository: 'hello-world' }, allowed),
      untagged,
    );
    if (untagged === 'はい') {
      expect(state.values.untaggedOnly).toBe(true);
      return;
    }
    expect(state.values.untaggedOnly).toBe(false);
    expect(answer(state, age, allowed).values.olderThan).toBe('14d');
  });

  it('uses the same required message pattern in every language', () => {
    for (const lang of SUPPORTED_LANGS) {
      const state = submitForm(startWizard(lang), { repository: '' });
      expect(state.errors.repository?.message).toMatch(/\S/);
      expect(state.errors.repository?.message).not.toContain('{field}');
    }
  });

  it('never changes the state it was given', () => {
    const state = startWizard('en', {}, allowed);
    const copy = structuredClone(state);
    answer(state, 'demo.azurecr.io', allowed);
    submitForm(state, { repository: 'x y' }, allowed);
    expect(state).toEqual(copy);
  });
});
