/** Ask's messages in English: this table defines the keys every other language must have. {name} is a placeholder. */

export const en = {
  'choice.title': 'Which of these did you mean?',
  'choice.none': 'None of these',
  'choice.thanks': 'Thanks! Your choice goes to a knowledge maintainer; once accepted, this question gets this answer.',
  'choice.thanksNone': 'Thanks, noted: none of these was what you meant.',
  'choice.notFound': 'I cannot find that question any more.',
  'choice.notOffered': 'That topic was not offered for this question.',
  'choice.alreadyChosen': 'A choice was already made for this question.',
  'review.title': 'Phrasings to review',
  'review.waiting': '{count} waiting. Accepted phrasings find their topic at once, in every bot instance.',
  'review.empty': 'Nothing to review: no phrasings are waiting.',
  'review.question': 'Question',
  'review.lang': 'Language',
  'review.topic': 'Chosen topic',
  'review.from': 'From',
  'review.from.abstain': 'no answer',
  'review.from.down': '👎 on “{topic}”',
  'review.accept': 'Accept',
  'review.reject': 'Reject',
  'review.accepted': 'Accepted: “{question}” now finds “{topic}”.',
  'review.rejected': 'Rejected: “{question}”.',
  'review.notPending': 'That phrasing was already reviewed.',
  'review.notFound': 'I cannot find that phrasing.',
  'review.notMaintainer':
    'Only knowledge maintainers may review phrasings (knowledge.maintainers in the approval policy).',
};
