/** The core's own messages in Swedish. */
import type { Translation } from '../catalog.js';
import type { en } from './en.js';

export const sv: Translation<typeof en> = {
  langName: 'Svenska',
  'help.title': 'Så använder du ACR-assistenten',
  'error.title': 'Något gick fel',
  'error.internal': 'Något gick fel hos mig. Försök igen. Referens: {ref}',
  'error.unavailable': 'Jag är tillfälligt otillgänglig och kunde inte hantera det. Försök igen om en minut.',
  'error.unknownAction': 'Jag känner inte längre igen den knappen. Ställ din fråga igen.',
  'error.invalidAction': 'Knappen skickade ofullständiga data. Ställ din fråga igen.',
};
