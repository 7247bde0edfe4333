/** Localized texts for approval decisions and click refusals (keys are stable; tests and cards use them). */
import { format } from '../../../core/i18n.js';
import type { Lang } from '../../ask/knowledge/types.js';

export type ApprovalMessageKey =
  | 'policy.deny.actionNotConfigured'
  | 'policy.deny.notRequester'
  | 'policy.deny.notApprover'
  | 'policy.deny.selfApproval'
  | 'policy.deny.alreadyApproved'
  | 'policy.deny.registryNotAllowed'
  | 'policy.deny.tooManyItems'
  | 'policy.deny.notRejecter'
  | 'click.notFound'
  | 'click.tampered'
  | 'click.wrongConversation'
  | 'click.alreadyDecided'
  | 'click.expired';

type Table = Record<ApprovalMessageKey, string>;

const MESSAGES: Record<Lang, Table> = {
  en: {
    'policy.deny.actionNotConfigured': 'The action {action} is not enabled by the approval policy.',
    'policy.deny.notRequester': 'You are not allowed to request {action}.',
    'policy.deny.notApprover': 'You are not allowed to approve {action}.',
    'policy.deny.selfApproval': 'You cannot approve your own request; another person has to approve it.',
    'policy.deny.alreadyApproved': 'You have already approved this request.',
    'policy.deny.registryNotAllowed': 'The registry {registry} is not allowed by the approval policy.',
    'policy.deny.tooManyItems': 'The plan has {count} items; the policy allows at most {max} for {action}.',
    'policy.deny.notRejecter': 'Only the requester or an approver can reject this request.',
    'click.notFound': 'This request does not exist (any more).',
    'click.tampered': 'This card does not match the stored plan; nothing was done.',
    'click.wrongConversation': 'This card belongs to another conversation; nothing was done.',
    'click.alreadyDecided': 'This request was already decided ({state}).',
    'click.expired': 'This request has expired; please request it again.',
  },
  ja: {
    'policy.deny.actionNotConfigured': '操作 {action} は承認ポリシーで有効になっていません。',
    'policy.deny.notRequester': '{action} を要求する権限がありません。',
    'policy.deny.notApprover': '{action} を承認する権限がありません。',
    'policy.deny.selfApproval': '自分の要求は承認できません。別の人の承認が必要です。',
    'policy.deny.alreadyApproved': 'この要求はすでに承認済みです。',
    'policy.deny.registryNotAllowed': 'レジストリ {registry} は承認ポリシーで許可されていません。',
    'policy.deny.tooManyItems': 'プランの項目数は {count} 件ですが、{action} の上限は {max} 件です。',
    'policy.deny.notRejecter': 'この要求を却下できるのは要求者または承認者だけです。',
    'click.notFound': 'この要求は存在しません。',
    'click.tampered': 'このカードは保存されたプランと一致しません。何も実行されていません。',
    'click.wrongConversation': 'このカードは別の会話のものです。何も実行されていません。',
    'click.alreadyDecided': 'この要求はすでに処理されています ({state})。',
    'click.expired': 'この要求は期限切れです。もう一度要求してください。',
  },
  'zh-TW': {
    'policy.deny.actionNotConfigured': '核准原則未啟用動作 {action}。',
    'policy.deny.notRequester': '您沒有要求 {action} 的權限。',
    'policy.deny.notApprover': '您沒有核准 {action} 的權限。',
    'policy.deny.selfApproval': '您無法核准自己的要求，必須由其他人核准。',
    'policy.deny.alreadyApproved': '您已經核准過此要求。',
    'policy.deny.registryNotAllowed': '核准原則不允許登錄 {registry}。',
    'policy.deny.tooManyItems': '此計畫有 {count} 個項目；原則允許 {action} 最多 {max} 個。',
    'policy.deny.notRejecter': '只有要求者或核准者可以拒絕此要求。',
    'click.notFound': '此要求不存在。',
    'click.tampered': '此卡片與儲存的計畫不符，未執行任何動作。',
    'click.wrongConversation': '此卡片屬於其他交談，未執行任何動作。',
    'click.alreadyDecided': '此要求已經處理 ({state})。',
    'click.expired': '此要求已過期，請重新提出要求。',
  },
  de: {
    'policy.deny.actionNotConfigured': 'Die Aktion {action} ist in der Genehmigungsrichtlinie nicht aktiviert.',
    'policy.deny.notRequester': 'Sie dürfen {action} nicht anfordern.',
    'policy.deny.notApprover': 'Sie dürfen {action} nicht genehmigen.',
    'policy.deny.selfApproval':
      'Sie können Ihre eigene Anfrage nicht genehmigen; eine andere Person muss sie genehmigen.',
    'policy.deny.alreadyApproved': 'Sie haben diese Anfrage bereits genehmigt.',
    'policy.deny.registryNotAllowed': 'Die Registry {registry} ist in der Genehmigungsrichtlinie nicht erlaubt.',
    'policy.deny.tooManyItems': 'Der Plan hat {count} Elemente; die Richtlinie erlaubt höchstens {max} für {action}.',
    'policy.deny.notRejecter': 'Nur der Antragsteller oder ein Genehmiger kann diese Anfrage ablehnen.',
    'click.notFound': 'Diese Anfrage existiert nicht (mehr).',
    'click.tampered': 'Diese Karte passt nicht zum gespeicherten Plan; es wurde nichts ausgeführt.',
    'click.wrongConversation': 'Diese Karte gehört zu einer anderen Unterhaltung; es wurde nichts ausgeführt.',
    'click.alreadyDecided': 'Über diese Anfrage wurde bereits entschieden ({state}).',
    'click.expired': 'Diese Anfrage ist abgelaufen; bitte stellen Sie sie erneut.',
  },
  sv: {
    'policy.deny.actionNotConfigured': 'Åtgärden {action} är inte aktiverad i godkännandepolicyn.',
    'policy.deny.notRequester': 'Du får inte begära {action}.',
    'policy.deny.notApprover': 'Du får inte godkänna {action}.',
    'policy.deny.selfApproval': 'Du kan inte godkänna din egen begäran; en annan person måste godkänna den.',
    'policy.deny.alreadyApproved': 'Du har redan godkänt den här begäran.',
    'policy.deny.registryNotAllowed': 'Registret {registry} är inte tillåtet i godkännandepolicyn.',
    'policy.deny.tooManyItems': 'Planen har {count} objekt; policyn tillåter högst {max} för {action}.',
    'policy.deny.notRejecter': 'Endast den som begärde eller en godkännare kan avslå den här begäran.',
    'click.notFound': 'Den här begäran finns inte (längre).',
    'click.tampered': 'Kortet stämmer inte med den sparade planen; inget har gjorts.',
    'click.wrongConversation': 'Kortet hör till en annan konversation; inget har gjorts.',
    'click.alreadyDecided': 'Den här begäran är redan avgjord ({state}).',
    'click.expired': 'Den här begäran har gått ut; begär den igen.',
  },
};

export function approvalMessage(
  key: ApprovalMessageKey,
  lang: Lang,
  params: Record<string, string | number> = {},
): string {
  const template = MESSAGES[lang]?.[key] ?? MESSAGES.en[key];
  return format(template, params);
}

/** For tests: every language has every key. */
export const APPROVAL_MESSAGE_LANGS = Object.keys(MESSAGES) as Lang[];
export function approvalMessageKeys(lang: Lang): ApprovalMessageKey[] {
  return Object.keys(MESSAGES[lang]) as ApprovalMessageKey[];
}
