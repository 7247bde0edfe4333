/** The core's own messages in English (help title, errors, language names): this table defines the keys. */

export const en = {
  langName: 'English',
  'help.title': 'How to use the ACR assistant',
  'error.title': 'Something went wrong',
  'error.internal': 'Something went wrong on my side. Please try again. Reference: {ref}',
  'error.unavailable': 'I am temporarily unavailable and could not handle that. Please try again in a minute.',
  'error.unknownAction': "I don't recognize that button any more. Please ask your question again.",
  'error.invalidAction': 'That button sent incomplete data. Please ask your question again.',
};
