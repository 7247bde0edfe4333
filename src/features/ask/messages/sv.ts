/** Ask's messages in Swedish. */
import type { Translation } from '../../../core/catalog.js';
import type { en } from './en.js';

export const sv: Translation<typeof en> = {
  'choice.title': 'Vilken av dessa menade du?',
  'choice.none': 'Ingen av dessa',
  'choice.thanks':
    'Tack! Ditt val granskas av en kunskapsansvarig; när det godkänts får den här frågan det här svaret.',
  'choice.thanksNone': 'Tack, noterat: ingen av dessa var det du menade.',
  'choice.notFound': 'Jag hittar inte den frågan längre.',
  'choice.notOffered': 'Det ämnet erbjöds inte för den här frågan.',
  'choice.alreadyChosen': 'Ett val har redan gjorts för den här frågan.',
  'review.title': 'Formuleringar att granska',
  'review.waiting': '{count} väntar. Godkända formuleringar hittar sitt ämne direkt, i varje botinstans.',
  'review.empty': 'Inget att granska: inga formuleringar väntar.',
  'review.question': 'Fråga',
  'review.lang': 'Språk',
  'review.topic': 'Valt ämne',
  'review.from': 'Orsak',
  'review.from.abstain': 'inget svar',
  'review.from.down': '👎 på ”{topic}”',
  'review.accept': 'Godkänn',
  'review.reject': 'Avvisa',
  'review.accepted': 'Godkänd: ”{question}” hittar nu ”{topic}”.',
  'review.rejected': 'Avvisad: ”{question}”.',
  'review.notPending': 'Den formuleringen har redan granskats.',
  'review.notFound': 'Jag hittar inte den formuleringen.',
  'review.notMaintainer':
    'Bara kunskapsansvariga får granska formuleringar (knowledge.maintainers i godkännandepolicyn).',
};
