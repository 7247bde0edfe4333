/** Ask's messages in German. */
import type { Translation } from '../../../core/catalog.js';
import type { en } from './en.js';

export const de: Translation<typeof en> = {
  'learnHelp.title': 'Die FAQ verbessern',
  'learnHelp.everyone':
    'Ist eine Antwort falsch, klicken Sie auf 👎; finde ich keine, wählen Sie unter **{choice}** das gemeinte Thema. Wissenspflegende prüfen die Wahl; nach dem Annehmen findet die Frage dieses Thema.',
  'learnHelp.maintainer': 'Als Wissenspflegende:r prüfen Sie diese Auswahl:',
  'learnHelp.review': 'die gewählten Formulierungen, mit Annehmen / Ablehnen',
  'learnHelp.shell': 'In einer Shell mit Zugriff auf die Datenbank des Bots:',
  'learnHelp.export': 'angenommene Formulierungen nach knowledge/alternates schreiben, für einen Pull Request',
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
  'welcome.title': 'Hallo, ich beantworte Fragen zu Azure Container Registry',
  'welcome.text':
    'Fragen Sie auf Deutsch, English, 日本語, 繁體中文 oder Svenska. Ich antworte aus den offiziellen ACR-FAQ und verlinke die Quellseite. Geben Sie jederzeit **Hilfe** ein.',
  'help.title': 'Fragen: zu Azure Container Registry',
  'help.text':
    'Stellen Sie Ihre Frage in eigenen Worten, z. B. zu Administratoranmeldeinformationen, Speichergrenzen oder dem Löschen von Images. In einem Kanal erwähnen Sie mich zuerst mit @. Bewerten Sie Antworten mit 👍 oder 👎, damit wir sie verbessern können.',
  'examples.title': 'Probieren Sie zum Beispiel',
  'examples.1': 'Wie erhalte ich die Administratoranmeldeinformationen für meine Registrierung?',
  'examples.2': 'Wie lösche ich ein Image?',
  'examples.3': 'Warum schlägt docker push mit 403 fehl?',
  'abstain.title': 'Das weiß ich leider nicht',
  'abstain.text':
    'Ich habe in den ACR-FAQ keine verlässliche Antwort gefunden. Formulieren Sie die Frage um oder wählen Sie eines der nächstliegenden Themen:',
  'abstain.noTopics':
    'Ich habe in den ACR-FAQ keine verlässliche Antwort gefunden. Formulieren Sie die Frage um oder geben Sie **Hilfe** ein.',
  'abstain.closestTopics': 'Nächstliegende Themen',
  'answer.didYouMean': 'Meinten Sie',
  'answer.docsLink': 'Offizielle Dokumentation öffnen',
  'answer.helpful': '👍 Hilfreich',
  'answer.notHelpful': '👎 Nicht hilfreich',
  'badge.stackHub': 'Azure Stack Hub-Edition',
  'badge.fallback': 'Antwort auf {shown} — auf {asked} nicht verfügbar',
  'badge.translated': 'Von uns übersetzt aus der FAQ auf {from}',
  'smallTalk.thanks': 'Gern geschehen!',
  'smallTalk.identity': 'Ich bin der ACR-Assistent, ein Bot.',
  'smallTalk.insult': 'Tut mir leid, dass ich nicht helfen konnte. Versuchen wir es noch einmal.',
  'smallTalk.ack': '👍',
  'feedback.thanksUp': 'Danke für Ihr Feedback! Schön, dass es geholfen hat.',
  'feedback.thanksDown': 'Danke für Ihr Feedback. Wir verbessern diese Antwort damit.',
  'error.emptyQuestion': 'Bitte geben Sie eine Frage ein, oder **Hilfe**, um zu sehen, was ich kann.',
  'error.topicNotFound': 'Dieses Thema ist nicht mehr verfügbar. Bitte stellen Sie Ihre Frage erneut.',
};
