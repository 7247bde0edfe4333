/** The core's own messages in German. */
import type { Translation } from '../catalog.js';
import type { en } from './en.js';

export const de: Translation<typeof en> = {
  langName: 'Deutsch',
  'help.title': 'So verwenden Sie den ACR-Assistenten',
  'error.title': 'Etwas ist schiefgelaufen',
  'error.internal': 'Bei mir ist etwas schiefgelaufen. Bitte versuchen Sie es erneut. Referenz: {ref}',
  'error.unavailable':
    'Ich bin vorübergehend nicht verfügbar und konnte das nicht bearbeiten. Bitte versuchen Sie es in einer Minute erneut.',
  'error.unknownAction': 'Diese Schaltfläche kenne ich nicht mehr. Bitte stellen Sie Ihre Frage erneut.',
  'error.invalidAction': 'Diese Schaltfläche hat unvollständige Daten gesendet. Bitte stellen Sie Ihre Frage erneut.',
};
