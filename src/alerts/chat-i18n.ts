/** Strings of the alerts' chat side (card buttons answered in chat), in every supported language. */
import type { Lang } from '../knowledge/types.js';

export interface AlertChatStrings {
  /** {target} = registry/repository */
  tagsTitle: string;
  noTags: string;
  /** {count} */
  moreTags: string;
  untagged: string;
  /** {registry} */
  registryNotConfigured: string;
  /** {target} */
  tagsFailed: string;
}

const STRINGS: Record<Lang, AlertChatStrings> = {
  en: {
    tagsTitle: 'Tags of {target}',
    noTags: 'This repository has no tags.',
    moreTags: '…and {count} more.',
    untagged: '(untagged)',
    registryNotConfigured: 'The registry {registry} is not configured for this bot, so I cannot read it. An administrator can add it to CHATOPS_REGISTRIES.',
    tagsFailed: 'I could not list the tags of {target} right now. Please try again later.',
  },
  ja: {
    tagsTitle: '{target} のタグ',
    noTags: 'このリポジトリにはタグがありません。',
    moreTags: '…ほか {count} 件。',
    untagged: '(タグなし)',
    registryNotConfigured: 'レジストリ {registry} はこのボットに設定されていないため、読み取れません。管理者が CHATOPS_REGISTRIES に追加できます。',
    tagsFailed: '{target} のタグを今は一覧表示できませんでした。しばらくしてからもう一度お試しください。',
  },
  'zh-TW': {
    tagsTitle: '{target} 的標籤',
    noTags: '此存放庫沒有任何標籤。',
    moreTags: '…還有 {count} 個。',
    untagged: '(無標籤)',
    registryNotConfigured: '此機器人未設定登錄 {registry},因此無法讀取。管理員可以將它加入 CHATOPS_REGISTRIES。',
    tagsFailed: '目前無法列出 {target} 的標籤。請稍後再試。',
  },
  de: {
    tagsTitle: 'Tags von {target}',
    noTags: 'Dieses Repository hat keine Tags.',
    moreTags: '…und {count} weitere.',
    untagged: '(ohne Tag)',
    registryNotConfigured: 'Die Registrierung {registry} ist für diesen Bot nicht konfiguriert, daher kann ich sie nicht lesen. Ein Administrator kann sie in CHATOPS_REGISTRIES eintragen.',
    tagsFailed: 'Ich konnte die Tags von {target} gerade nicht auflisten. Bitte versuchen Sie es später erneut.',
  },
  sv: {
    tagsTitle: 'Taggar i {target}',
    noTags: 'Den här lagringsplatsen har inga taggar.',
    moreTags: '…och {count} till.',
    untagged: '(utan tagg)',
    registryNotConfigured: 'Registret {registry} är inte konfigurerat för den här boten, så jag kan inte läsa det. En administratör kan lägga till det i CHATOPS_REGISTRIES.',
    tagsFailed: 'Jag kunde inte lista taggarna i {target} just nu. Försök igen senare.',
  },
};

export function alertChatStrings(lang: Lang): AlertChatStrings {
  return STRINGS[lang] ?? STRINGS.en;
}
