/** The alerts' own user-facing strings in every supported language. {name} placeholders. */
import type { Lang } from '../ask/knowledge/types.js';
import type { AlertEventType, Severity } from './types.js';

export interface AlertStrings {
  titles: Record<Exclude<AlertEventType, 'monitor'>, string> & { monitorFired: string; monitorResolved: string };
  severities: Record<Severity, string>;
  facts: {
    registry: string;
    repository: string;
    tag: string;
    digest: string;
    actor: string;
    time: string;
    usage: string;
    run: string;
    status: string;
    rule: string;
  };
  actions: { showTags: string; previewCleanup: string; openRun: string; disableAdmin: string };
  /** Plural nouns for digest lines. */
  nouns: Record<AlertEventType, string>;
  digestTitle: string;
  /** {count} {noun} {target} {minutes} */
  digestLine: string;
  digestSummary: string;
  everything: string;
  // Subscription commands
  subscribed: string;
  alreadySubscribed: string;
  unsubscribed: string;
  nothingToUnsubscribe: string;
  listTitle: string;
  listEmpty: string;
  notUnderstood: string;
  notRegistered: string;
  /** Example commands shown after "didn't understand". */
  examples: string[];
  allTypes: string;
  minSeverity: string;
}

const en: AlertStrings = {
  titles: {
    push: 'Image pushed: {target}',
    delete: 'Image deleted: {target}',
    quarantine: 'Image quarantined: {target}',
    chart_push: 'Helm chart pushed: {target}',
    chart_delete: 'Helm chart deleted: {target}',
    monitorFired: 'Azure Monitor alert: {title}',
    monitorResolved: 'Resolved: {title}',
    quota: 'Registry {registry} uses {percent}% of its storage',
    run_failed: 'Task run {run} failed in {registry}',
    admin_user: 'Admin user is enabled on {registry}',
  },
  severities: { 0: 'Critical', 1: 'Error', 2: 'Warning', 3: 'Informational', 4: 'Verbose' },
  facts: {
    registry: 'Registry',
    repository: 'Repository',
    tag: 'Tag',
    digest: 'Digest',
    actor: 'By',
    time: 'When',
    usage: 'Storage used',
    run: 'Run',
    status: 'Status',
    rule: 'Alert rule',
  },
  actions: {
    showTags: 'Show tags',
    previewCleanup: 'Preview cleanup',
    openRun: 'Open run',
    disableAdmin: 'Preview disabling admin user',
  },
  nouns: {
    push: 'pushes',
    delete: 'deletions',
    quarantine: 'quarantines',
    chart_push: 'chart pushes',
    chart_delete: 'chart deletions',
    monitor: 'monitor alerts',
    quota: 'storage alerts',
    run_failed: 'failed runs',
    admin_user: 'admin user alerts',
  },
  digestTitle: 'Alert digest',
  digestLine: '{count} {noun} to {target} in the last {minutes} minutes',
  digestSummary: '{count} alerts were grouped to keep this channel readable.',
  everything: 'all events',
  subscribed: 'Subscribed this conversation to {what} (#{id}).',
  alreadySubscribed: 'This conversation is already subscribed to {what} (#{id}).',
  unsubscribed: 'Removed {count} subscription(s).',
  nothingToUnsubscribe: 'No matching subscription in this conversation.',
  listTitle: 'Alert subscriptions of this conversation',
  listEmpty: 'This conversation has no alert subscriptions.',
  notUnderstood: "Sorry, I didn't understand that subscription command. Try:",
  notRegistered: 'I cannot post into this conversation yet. Send me any message here first, then try again.',
  examples: ['subscribe this channel to pushes in myregistry for app/*', 'unsubscribe 3', 'list subscriptions'],
  allTypes: 'all events',
  minSeverity: 'severity {sev} or higher',
};

const ja: AlertStrings = {
  titles: {
    push: 'イメージがプッシュされました: {target}',
    delete: 'イメージが削除されました: {target}',
    quarantine: 'イメージが検疫されました: {target}',
    chart_push: 'Helm チャートがプッシュされました: {target}',
    chart_delete: 'Helm チャートが削除されました: {target}',
    monitorFired: 'Azure Monitor アラート: {title}',
    monitorResolved: '解決済み: {title}',
    quota: 'レジストリ {registry} のストレージ使用率が {percent}% です',
    run_failed: '{registry} のタスク実行 {run} が失敗しました',
    admin_user: '{registry} で管理者ユーザーが有効になっています',
  },
  severities: { 0: '重大', 1: 'エラー', 2: '警告', 3: '情報', 4: '詳細' },
  facts: {
    registry: 'レジストリ',
    repository: 'リポジトリ',
    tag: 'タグ',
    digest: 'ダイジェスト',
    actor: '実行者',
    time: '日時',
    usage: 'ストレージ使用量',
    run: '実行',
    status: '状態',
    rule: 'アラート ルール',
  },
  actions: {
    showTags: 'タグを表示',
    previewCleanup: 'クリーンアップをプレビュー',
    openRun: '実行を開く',
    disableAdmin: '管理者ユーザーの無効化をプレビュー',
  },
  nouns: {
    push: 'プッシュ',
    delete: '削除',
    quarantine: '検疫',
    chart_push: 'チャートのプッシュ',
    chart_delete: 'チャートの削除',
    monitor: 'Monitor アラート',
    quota: 'ストレージ アラート',
    run_failed: '失敗した実行',
    admin_user: '管理者ユーザー アラート',
  },
  digestTitle: 'アラートのまとめ',
  digestLine: '過去 {minutes} 分間に {target} への{noun}が {count} 件',
  digestSummary: 'このチャネルを読みやすく保つため、{count} 件のアラートをまとめました。',
  everything: 'すべてのイベント',
  subscribed: 'この会話で {what} を購読しました (#{id})。',
  alreadySubscribed: 'この会話は既に {what} を購読しています (#{id})。',
  unsubscribed: '{count} 件の購読を解除しました。',
  nothingToUnsubscribe: 'この会話に一致する購読はありません。',
  listTitle: 'この会話のアラート購読',
  listEmpty: 'この会話にはアラートの購読がありません。',
  notUnderstood: '購読コマンドを理解できませんでした。次のように入力してください:',
  notRegistered: 'この会話にはまだ投稿できません。ここで一度メッセージを送ってから、もう一度お試しください。',
  examples: ['このチャンネルで myregistry の app/* への push を購読', '購読解除 3', '購読一覧'],
  allTypes: 'すべてのイベント',
  minSeverity: '重大度 {sev} 以上',
};

const zhTW: AlertStrings = {
  titles: {
    push: '映像已推送: {target}',
    delete: '映像已刪除: {target}',
    quarantine: '映像已隔離: {target}',
    chart_push: 'Helm 圖表已推送: {target}',
    chart_delete: 'Helm 圖表已刪除: {target}',
    monitorFired: 'Azure 監視器警示: {title}',
    monitorResolved: '已解決: {title}',
    quota: '登錄 {registry} 已使用 {percent}% 的儲存空間',
    run_failed: '{registry} 中的工作執行 {run} 失敗',
    admin_user: '{registry} 已啟用管理員使用者',
  },
  severities: { 0: '嚴重', 1: '錯誤', 2: '警告', 3: '資訊', 4: '詳細資訊' },
  facts: {
    registry: '登錄',
    repository: '存放庫',
    tag: '標籤',
    digest: '摘要',
    actor: '執行者',
    time: '時間',
    usage: '已用儲存空間',
    run: '執行',
    status: '狀態',
    rule: '警示規則',
  },
  actions: {
    showTags: '顯示標籤',
    previewCleanup: '預覽清理',
    openRun: '開啟執行',
    disableAdmin: '預覽停用管理員使用者',
  },
  nouns: {
    push: '推送',
    delete: '刪除',
    quarantine: '隔離',
    chart_push: '圖表推送',
    chart_delete: '圖表刪除',
    monitor: '監視器警示',
    quota: '儲存空間警示',
    run_failed: '失敗的執行',
    admin_user: '管理員使用者警示',
  },
  digestTitle: '警示摘要',
  digestLine: '過去 {minutes} 分鐘內 {target} 有 {count} 次{noun}',
  digestSummary: '為了讓此頻道易於閱讀,已將 {count} 則警示合併。',
  everything: '所有事件',
  subscribed: '此對話已訂閱 {what} (#{id})。',
  alreadySubscribed: '此對話已訂閱過 {what} (#{id})。',
  unsubscribed: '已取消 {count} 個訂閱。',
  nothingToUnsubscribe: '此對話沒有符合的訂閱。',
  listTitle: '此對話的警示訂閱',
  listEmpty: '此對話沒有任何警示訂閱。',
  notUnderstood: '抱歉,我看不懂這個訂閱指令。請試試:',
  notRegistered: '我還無法在此對話中發文。請先在這裡傳送任一訊息,然後再試一次。',
  examples: ['訂閱 myregistry 中 app/* 的推送', '取消訂閱 3', '列出訂閱'],
  allTypes: '所有事件',
  minSeverity: '嚴重性 {sev} 以上',
};

const de: AlertStrings = {
  titles: {
    push: 'Image gepusht: {target}',
    delete: 'Image gelöscht: {target}',
    quarantine: 'Image unter Quarantäne: {target}',
    chart_push: 'Helm-Chart gepusht: {target}',
    chart_delete: 'Helm-Chart gelöscht: {target}',
    monitorFired: 'Azure Monitor-Warnung: {title}',
    monitorResolved: 'Behoben: {title}',
    quota: 'Registry {registry} belegt {percent} % ihres Speichers',
    run_failed: 'Task-Ausführung {run} in {registry} fehlgeschlagen',
    admin_user: 'Administratorbenutzer ist in {registry} aktiviert',
  },
  severities: { 0: 'Kritisch', 1: 'Fehler', 2: 'Warnung', 3: 'Information', 4: 'Ausführlich' },
  facts: {
    registry: 'Registry',
    repository: 'Repository',
    tag: 'Tag',
    digest: 'Digest',
    actor: 'Von',
    time: 'Zeit',
    usage: 'Belegter Speicher',
    run: 'Ausführung',
    status: 'Status',
    rule: 'Warnungsregel',
  },
  actions: {
    showTags: 'Tags anzeigen',
    previewCleanup: 'Bereinigung als Vorschau',
    openRun: 'Ausführung öffnen',
    disableAdmin: 'Deaktivieren des Administratorbenutzers als Vorschau',
  },
  nouns: {
    push: 'Pushes',
    delete: 'Löschungen',
    quarantine: 'Quarantänen',
    chart_push: 'Chart-Pushes',
    chart_delete: 'Chart-Löschungen',
    monitor: 'Monitor-Warnungen',
    quota: 'Speicherwarnungen',
    run_failed: 'fehlgeschlagene Ausführungen',
    admin_user: 'Administratorbenutzer-Warnungen',
  },
  digestTitle: 'Zusammenfassung der Warnungen',
  digestLine: '{count} {noun} nach {target} in den letzten {minutes} Minuten',
  digestSummary: '{count} Warnungen wurden zusammengefasst, damit dieser Kanal lesbar bleibt.',
  everything: 'alle Ereignisse',
  subscribed: 'Diese Unterhaltung hat {what} abonniert (#{id}).',
  alreadySubscribed: 'Diese Unterhaltung hat {what} bereits abonniert (#{id}).',
  unsubscribed: '{count} Abonnement(s) entfernt.',
  nothingToUnsubscribe: 'Kein passendes Abonnement in dieser Unterhaltung.',
  listTitle: 'Warnungsabonnements dieser Unterhaltung',
  listEmpty: 'Diese Unterhaltung hat keine Warnungsabonnements.',
  notUnderstood: 'Diesen Abonnementbefehl habe ich nicht verstanden. Versuchen Sie:',
  notRegistered:
    'Ich kann in dieser Unterhaltung noch nicht posten. Senden Sie mir hier zuerst eine Nachricht und versuchen Sie es dann erneut.',
  examples: ['abonniere Pushes in myregistry für app/*', 'kündige Abonnement 3', 'Abonnements anzeigen'],
  allTypes: 'alle Ereignisse',
  minSeverity: 'Schweregrad {sev} oder höher',
};

const sv: AlertStrings = {
  titles: {
    push: 'Avbild pushad: {target}',
    delete: 'Avbild borttagen: {target}',
    quarantine: 'Avbild i karantän: {target}',
    chart_push: 'Helm-diagram pushat: {target}',
    chart_delete: 'Helm-diagram borttaget: {target}',
    monitorFired: 'Azure Monitor-avisering: {title}',
    monitorResolved: 'Löst: {title}',
    quota: 'Registret {registry} använder {percent} % av sitt lagringsutrymme',
    run_failed: 'Aktivitetskörningen {run} misslyckades i {registry}',
    admin_user: 'Administratörsanvändaren är aktiverad i {registry}',
  },
  severities: { 0: 'Kritisk', 1: 'Fel', 2: 'Varning', 3: 'Information', 4: 'Utförlig' },
  facts: {
    registry: 'Register',
    repository: 'Lagringsplats',
    tag: 'Tagg',
    digest: 'Sammandrag',
    actor: 'Av',
    time: 'Tid',
    usage: 'Använt lagringsutrymme',
    run: 'Körning',
    status: 'Status',
    rule: 'Aviseringsregel',
  },
  actions: {
    showTags: 'Visa taggar',
    previewCleanup: 'Förhandsgranska rensning',
    openRun: 'Öppna körning',
    disableAdmin: 'Förhandsgranska inaktivering av administratörsanvändaren',
  },
  nouns: {
    push: 'pushar',
    delete: 'borttagningar',
    quarantine: 'karantäner',
    chart_push: 'diagrampushar',
    chart_delete: 'diagramborttagningar',
    monitor: 'Monitor-aviseringar',
    quota: 'lagringsaviseringar',
    run_failed: 'misslyckade körningar',
    admin_user: 'administratörsaviseringar',
  },
  digestTitle: 'Sammanfattning av aviseringar',
  digestLine: '{count} {noun} till {target} de senaste {minutes} minuterna',
  digestSummary: '{count} aviseringar slogs ihop för att hålla kanalen läsbar.',
  everything: 'alla händelser',
  subscribed: 'Den här konversationen prenumererar nu på {what} (#{id}).',
  alreadySubscribed: 'Den här konversationen prenumererar redan på {what} (#{id}).',
  unsubscribed: '{count} prenumeration(er) borttagna.',
  nothingToUnsubscribe: 'Ingen matchande prenumeration i den här konversationen.',
  listTitle: 'Aviseringsprenumerationer i den här konversationen',
  listEmpty: 'Den här konversationen har inga aviseringsprenumerationer.',
  notUnderstood: 'Jag förstod inte det prenumerationskommandot. Prova:',
  notRegistered:
    'Jag kan inte skriva i den här konversationen än. Skicka mig ett meddelande här först och försök sedan igen.',
  examples: ['prenumerera på pushar i myregistry för app/*', 'avsluta prenumeration 3', 'lista prenumerationer'],
  allTypes: 'alla händelser',
  minSeverity: 'allvarlighetsgrad {sev} eller högre',
};

const STRINGS: Record<Lang, AlertStrings> = { en, ja, 'zh-TW': zhTW, de, sv };

export function alertStrings(lang: Lang): AlertStrings {
  return STRINGS[lang] ?? en;
}

/** Replaces {name} placeholders; unknown names stay visible so a missing value is noticed. */
export { format } from '../../core/i18n.js';
