/**
 * A deliberately light, language-independent stemmer for de/sv/en: fold accents, strip one common
 * inflectional suffix, undouble the final consonant. Same rules for every language so that "manifest",
 * "Manifeste" and "manifesten" meet, whichever language the question was detected as.
 */
const SUFFIXES = [
  'ningarna',
  'ningar',
  'ungen',
  'ationen',
  'ations',
  'ation',
  'ningen',
  'arna',
  'erna',
  'orna',
  'heten',
  'ande',
  'ende',
  'ning',
  'ung',
  'ing',
  'ies',
  'ade',
  'ern',
  'ens',
  'ers',
  'es',
  'en',
  'er',
  'ar',
  'or',
  'ed',
  'em',
  'et',
  'ad',
  'ly',
  'e',
  's',
  'n',
  'a',
];

/**
 * Folds accents (é → e) but keeps å, ä, ö and ü: they are letters of their own in sv/de, and folding them
 * makes distinct words collide (sv "slå" on ~ "SLA", "lägga" add ~ "lager" layer). A user who leaves
 * them out is caught by typo tolerance instead (one substitution).
 */
export function foldDiacritics(word: string): string {
  if (!/[^ -~]/.test(word)) return word; // printable ASCII: nothing to fold
  return word
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/([aou])\u0308|(a)\u030a|\p{Mn}/gu, (m, umlautBase: string | undefined, ringBase: string | undefined) =>
      umlautBase ? `${umlautBase}\u0308` : ringBase ? `${ringBase}\u030a` : '',
    )
    .normalize('NFC');
}

export function stem(word: string): string {
  let w = foldDiacritics(word.toLowerCase());
  if (w.length <= 3 || /\d/.test(w)) return w;
  for (const suffix of SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= (suffix.length <= 1 ? 4 : 3)) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  if (/([bcdfgklmnprstz])\1$/.test(w)) w = w.slice(0, -1);
  return w;
}
