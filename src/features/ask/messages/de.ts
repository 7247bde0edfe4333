/** Ask's messages in German. */
import type { Translation } from '../../../core/catalog.js';
import type { en } from './en.js';

export const de: Translation<typeof en> = {
  'choice.title': 'Welches davon meinten Sie?',
  'choice.none': 'Nichts davon',
  'choice.thanks':
    'Danke! Ihre Auswahl geht an eine Wissenspflegerin oder einen Wissenspfleger; nach der Annahme bekommt diese Frage diese Antwort.',
  'choice.thanksNone': 'Danke, notiert: Nichts davon war gemeint.',
  'choice.notFound': 'Diese Frage finde ich nicht mehr.',
  'choice.notOffered': 'Dieses Thema wurde für diese Frage nicht angeboten.',
  'choice.alreadyChosen': 'Für diese Frage wurde bereits eine Auswahl getroffen.',
  'review.title': 'Formulierungen zur Prüfung',
  'review.waiting': '{count} warten. Angenommene Formulierungen finden ihr Thema sofort, in jeder Bot-Instanz.',
  'review.empty': 'Nichts zu prüfen: Es warten keine Formulierungen.',
  'review.question': 'Frage',
  'review.lang': 'Sprache',
  'review.topic': 'Gewähltes Thema',
  'review.from': 'Anlass',
  'review.from.abstain': 'keine Antwort',
  'review.from.down': '👎 auf „{topic}“',
  'review.accept': 'Annehmen',
  'review.reject': 'Ablehnen',
  'review.accepted': 'Angenommen: „{question}“ findet jetzt „{topic}“.',
  'review.rejected': 'Abgelehnt: „{question}“.',
  'review.notPending': 'Diese Formulierung wurde bereits geprüft.',
  'review.notFound': 'Diese Formulierung finde ich nicht.',
  'review.notMaintainer':
    'Nur Wissenspflegende dürfen Formulierungen prüfen (knowledge.maintainers in der Freigaberichtlinie).',
};
