/** Strings of the alerts' chat side (card buttons answered in chat), in every supported language. */
import type { Lang } from '../ask/knowledge/types.js';

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
  /** The help card's part about alerts. */
  helpTitle: string;
  helpText: string;
}

const STRINGS: Record<Lang, AlertChatStrings> = {
  en: {
    tagsTitle: 'Tags of {target}',
    noTags: 'This repository has no tags.',
    moreTags: '…and {count} more.',
    untagged: '(untagged)',
    registryNotConfigured:
      'The registry {registry} is not configured for this bot, so I cannot read it. An administrator can add it to CHATOPS_REGISTRIES.',
    tagsFailed: 'I could not list the tags of {target} right now. Please try again later.',
    helpTitle: 'Alerts: registry events in this conversation',
    helpText:
      "Subscribe this conversation to pushes, deletions, quarantine, storage quota, failed runs or the admin user of a configured registry; the alert cards have buttons that lead into actions. Your admin connects the registry's webhooks (README section *Alerts*). For example:",
  },
  ja: {
    tagsTitle: '{target} のタグ',
    noTags: 'このリポジトリにはタグがありません。',
    moreTags: '…ほか {count} 件。',
    untagged: '(タグなし)',
    registryNotConfigured:
      'レジストリ {registry} はこのボットに設定されていないため、読み取れません。管理者が CHATOPS_REGISTRIES に追加できます。',
    tagsFailed: '{target} のタグを今は一覧表示できませんでした。しばらくしてからもう一度お試しください。',
    helpTitle: 'アラート: この会話でレジストリのイベントを受け取る',
    helpText:
      '設定済みレジストリのプッシュ、削除、検疫、ストレージ クォータ、失敗した実行、管理者ユーザーについて、この会話で購読できます。アラート カードのボタンから操作に進めます。レジストリの Webhook は管理者が接続します (README の *Alerts* の節)。例:',
  },
  'zh-TW': {
    tagsTitle: '{target} 的標籤',
    noTags: '此存放庫沒有任何標籤。',
    moreTags: '…還有 {count} 個。',
    untagged: '(無標籤)',
    registryNotConfigured: '此機器人未設定登錄 {registry},因此無法讀取。管理員可以將它加入 CHATOPS_REGISTRIES。',
    tagsFailed: '目前無法列出 {target} 的標籤。請稍後再試。',
    helpTitle: '警示：在此交談中接收登錄事件',
    helpText:
      '為此交談訂閱已設定登錄的推送、刪除、隔離、儲存體配額、失敗的執行或系統管理員使用者事件；警示卡片上的按鈕可直接進入動作。登錄的 Webhook 由您的系統管理員連接 (README 的 *Alerts* 一節)。例如：',
  },
  de: {
    tagsTitle: 'Tags von {target}',
    noTags: 'Dieses Repository hat keine Tags.',
    moreTags: '…und {count} weitere.',
    untagged: '(ohne Tag)',
    registryNotConfigured:
      'Die Registrierung {registry} ist für diesen Bot nicht konfiguriert, daher kann ich sie nicht lesen. Ein Administrator kann sie in CHATOPS_REGISTRIES eintragen.',
    tagsFailed: 'Ich konnte die Tags von {target} gerade nicht auflisten. Bitte versuchen Sie es später erneut.',
    helpTitle: 'Warnungen: Registry-Ereignisse in dieser Unterhaltung',
    helpText:
      'Abonnieren Sie für diese Unterhaltung Pushes, Löschungen, Quarantäne, Speicherkontingent, fehlgeschlagene Ausführungen oder den Administratorbenutzer einer konfigurierten Registry; die Warnkarten haben Schaltflächen, die zu Aktionen führen. Die Webhooks der Registry verbindet Ihr Administrator (README-Abschnitt *Alerts*). Zum Beispiel:',
  },
  sv: {
    tagsTitle: 'Taggar i {target}',
    noTags: 'Den här lagringsplatsen har inga taggar.',
    moreTags: '…och {count} till.',
    untagged: '(utan tagg)',
    registryNotConfigured:
      'Registret {registry} är inte konfigurerat för den här boten, så jag kan inte läsa det. En administratör kan lägga till det i CHATOPS_REGISTRIES.',
    tagsFailed: 'Jag kunde inte lista taggarna i {target} just nu. Försök igen senare.',
    helpTitle: 'Aviseringar: registerhändelser i den här konversationen',
    helpText:
      'Prenumerera i den här konversationen på pushar, borttagningar, karantän, lagringskvot, misslyckade körningar eller administratörsanvändaren i ett konfigurerat register; aviseringskorten har knappar som leder till åtgärder. Din administratör ansluter registrets webhooks (README-avsnittet *Alerts*). Till exempel:',
  },
};

export function alertChatStrings(lang: Lang): AlertChatStrings {
  return STRINGS[lang] ?? STRINGS.en;
}
