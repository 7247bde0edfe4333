/**
 * Bad purge input is a user-facing error: it carries a code and parameters so chat channels can show
 * it in the asker's language (`localize`), while `message` stays English for logs and the CLI.
 */

import { LocalizedError } from '../../../core/errors.js';
import type { Lang } from '../../ask/knowledge/types.js';

export type PurgeErrorCode =
  | 'filter-syntax'
  | 'regex-invalid'
  | 'regex-too-long'
  | 'duration-invalid'
  | 'duration-too-long'
  | 'keep-invalid'
  | 'untagged-unsupported'
  | 'untagged-conflict'
  | 'concurrency-invalid'
  | 'plan-invalid'
  | 'plan-hash-mismatch'
  | 'checkpoint-mismatch';

type Params = Record<string, string | number>;
type Template = (p: Params) => string;

const messages: Record<PurgeErrorCode, Record<Lang, Template>> = {
  'filter-syntax': {
    en: (p) => `Filter "${p.filter}" is not valid: ${p.detail}. Use repository-regex:tag-regex, e.g. "web:^v1\\..*".`,
    ja: (p) =>
      `フィルター "${p.filter}" が正しくありません: ${p.detail}。リポジトリ正規表現:タグ正規表現 の形で指定してください (例 "web:^v1\\..*")。`,
    'zh-TW': (p) => `篩選條件 "${p.filter}" 無效：${p.detail}。請使用 存放庫正則:標籤正則，例如 "web:^v1\\..*"。`,
    de: (p) =>
      `Filter "${p.filter}" ist ungültig: ${p.detail}. Format: Repository-Regex:Tag-Regex, z. B. "web:^v1\\..*".`,
    sv: (p) =>
      `Filtret "${p.filter}" är ogiltigt: ${p.detail}. Använd repository-regex:tagg-regex, t.ex. "web:^v1\\..*".`,
  },
  'regex-invalid': {
    en: (p) => `Regular expression "${p.pattern}" is not valid: ${p.detail}.`,
    ja: (p) => `正規表現 "${p.pattern}" が正しくありません: ${p.detail}。`,
    'zh-TW': (p) => `正則表達式 "${p.pattern}" 無效：${p.detail}。`,
    de: (p) => `Regulärer Ausdruck "${p.pattern}" ist ungültig: ${p.detail}.`,
    sv: (p) => `Det reguljära uttrycket "${p.pattern}" är ogiltigt: ${p.detail}.`,
  },
  'regex-too-long': {
    en: (p) => `Regular expression is too long (${p.length} characters, at most ${p.max}).`,
    ja: (p) => `正規表現が長すぎます (${p.length} 文字、上限 ${p.max} 文字)。`,
    'zh-TW': (p) => `正則表達式過長（${p.length} 個字元，上限 ${p.max}）。`,
    de: (p) => `Regulärer Ausdruck ist zu lang (${p.length} Zeichen, höchstens ${p.max}).`,
    sv: (p) => `Det reguljära uttrycket är för långt (${p.length} tecken, högst ${p.max}).`,
  },
  'duration-invalid': {
    en: (p) => `Age "${p.value}" is not valid. Use days, hours, minutes, seconds such as 30d, 12h, 1d3h or 15m.`,
    ja: (p) =>
      `経過時間 "${p.value}" が正しくありません。30d、12h、1d3h、15m のように日・時間・分・秒で指定してください。`,
    'zh-TW': (p) => `時間長度 "${p.value}" 無效。請用天、小時、分鐘、秒，例如 30d、12h、1d3h 或 15m。`,
    de: (p) =>
      `Alter "${p.value}" ist ungültig. Angabe in Tagen, Stunden, Minuten, Sekunden, z. B. 30d, 12h, 1d3h oder 15m.`,
    sv: (p) => `Åldern "${p.value}" är ogiltig. Ange dagar, timmar, minuter, sekunder, t.ex. 30d, 12h, 1d3h eller 15m.`,
  },
  'duration-too-long': {
    en: (p) => `Age "${p.value}" is longer than the maximum of ${p.maxDays} days.`,
    ja: (p) => `経過時間 "${p.value}" は上限の ${p.maxDays} 日を超えています。`,
    'zh-TW': (p) => `時間長度 "${p.value}" 超過上限 ${p.maxDays} 天。`,
    de: (p) => `Alter "${p.value}" überschreitet das Maximum von ${p.maxDays} Tagen.`,
    sv: (p) => `Åldern "${p.value}" överskrider maxgränsen på ${p.maxDays} dagar.`,
  },
  'keep-invalid': {
    en: (p) => `Keep "${p.value}" must be a whole number from 0 to ${p.max}.`,
    ja: (p) => `保持数 "${p.value}" は 0 から ${p.max} までの整数で指定してください。`,
    'zh-TW': (p) => `保留數量 "${p.value}" 必須是 0 到 ${p.max} 的整數。`,
    de: (p) => `Behalten "${p.value}" muss eine ganze Zahl von 0 bis ${p.max} sein.`,
    sv: (p) => `Behåll "${p.value}" måste vara ett heltal från 0 till ${p.max}.`,
  },
  'untagged-unsupported': {
    en: () =>
      'This registry cannot list untagged manifests (the OCI Distribution API has no such call; only ACR does), so --untagged / --untagged-only are not available here. Untagged children and referrers of deleted images are still removed with them.',
    ja: () =>
      'このレジストリではタグなしマニフェストを一覧できません (OCI Distribution API にはその機能がなく、ACR のみ対応)。そのため --untagged / --untagged-only は使えません。削除するイメージのタグなしの子マニフェストと参照元は一緒に削除されます。',
    'zh-TW': () =>
      '此登錄無法列出未加標籤的資訊清單（OCI Distribution API 沒有此功能，只有 ACR 有），因此無法使用 --untagged / --untagged-only。被刪除映像的未加標籤子資訊清單與參考者仍會一併移除。',
    de: () =>
      'Diese Registry kann Manifeste ohne Tag nicht auflisten (die OCI-Distribution-API bietet das nicht, nur ACR), daher sind --untagged / --untagged-only hier nicht verfügbar. Untergeordnete Manifeste und Referrer gelöschter Images werden trotzdem mitgelöscht.',
    sv: () =>
      'Det här registret kan inte lista manifest utan taggar (OCI Distribution-API:t saknar det, bara ACR har det), så --untagged / --untagged-only går inte att använda här. Otaggade underordnade manifest och referenser till borttagna avbilder tas ändå bort med dem.',
  },
  'untagged-conflict': {
    en: () => 'Choose either --untagged or --untagged-only, not both.',
    ja: () => '--untagged と --untagged-only はどちらか一方だけを指定してください。',
    'zh-TW': () => '請只選擇 --untagged 或 --untagged-only 其中之一。',
    de: () => 'Bitte entweder --untagged oder --untagged-only angeben, nicht beides.',
    sv: () => 'Välj antingen --untagged eller --untagged-only, inte båda.',
  },
  'concurrency-invalid': {
    en: (p) => `Concurrency "${p.value}" must be a whole number from 1 to ${p.max}.`,
    ja: (p) => `同時実行数 "${p.value}" は 1 から ${p.max} までの整数で指定してください。`,
    'zh-TW': (p) => `並行數 "${p.value}" 必須是 1 到 ${p.max} 的整數。`,
    de: (p) => `Parallelität "${p.value}" muss eine ganze Zahl von 1 bis ${p.max} sein.`,
    sv: (p) => `Samtidigheten "${p.value}" måste vara ett heltal från 1 till ${p.max}.`,
  },
  'plan-invalid': {
    en: (p) => `The purge plan is not valid: ${p.detail}.`,
    ja: (p) => `削除プランが正しくありません: ${p.detail}。`,
    'zh-TW': (p) => `清除計畫無效：${p.detail}。`,
    de: (p) => `Der Bereinigungsplan ist ungültig: ${p.detail}.`,
    sv: (p) => `Rensningsplanen är ogiltig: ${p.detail}.`,
  },
  'plan-hash-mismatch': {
    en: () => 'The purge plan was changed after it was created (its content hash does not match); nothing was deleted.',
    ja: () => '削除プランは作成後に変更されています (内容ハッシュが一致しません)。何も削除していません。',
    'zh-TW': () => '清除計畫在建立後已被修改（內容雜湊不符），未刪除任何項目。',
    de: () =>
      'Der Bereinigungsplan wurde nach dem Erstellen verändert (Inhalts-Hash stimmt nicht); nichts wurde gelöscht.',
    sv: () => 'Rensningsplanen har ändrats efter att den skapades (innehållshashen stämmer inte); inget togs bort.',
  },
  'checkpoint-mismatch': {
    en: () => 'The checkpoint belongs to a different purge plan; use a new checkpoint file for this plan.',
    ja: () =>
      'チェックポイントは別の削除プランのものです。このプラン用に新しいチェックポイントファイルを使ってください。',
    'zh-TW': () => '檢查點屬於另一個清除計畫；請為此計畫使用新的檢查點檔案。',
    de: () => 'Der Checkpoint gehört zu einem anderen Bereinigungsplan; bitte eine neue Checkpoint-Datei verwenden.',
    sv: () => 'Kontrollpunkten hör till en annan rensningsplan; använd en ny kontrollpunktsfil för den här planen.',
  },
};

export class PurgeInputError extends LocalizedError {
  override readonly name = 'PurgeInputError';
  constructor(
    readonly code: PurgeErrorCode,
    readonly params: Params = {},
  ) {
    super(messages[code].en(params));
  }

  localize(language: Lang): string {
    return messages[this.code][language](this.params);
  }
}
