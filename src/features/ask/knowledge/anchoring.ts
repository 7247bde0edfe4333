/**
 * Does a question say anything that only a registry question would say? Questions about git hosting, TLS on a
 * web server, a Windows firewall or an Azure VM quota share words with the FAQ (delete, branch, certificate,
 * firewall, quota, password), and whatever the matcher's features make of that overlap, none of those words is
 * evidence that the question is about the registry: general IT questions use them just as often. A word is a
 * **registry anchor** when the FAQ's phrasings use it far more often than general IT questions do
 * (knowledge/general-it.yaml and off-topic.yaml): the log-odds of its document frequency on the two sides is
 * at least `MIN_LOG_ODDS`. "registry", "manifest", "geo-replication" or 映像 are anchors; "firewall", "quota" and
 * "git" are not, although the FAQ has topics about them. A question without one is answered only when its match
 * is strong (see `KbMatcher.match`); otherwise it abstains and offers the closest topics, so an in-scope
 * question put in general words still gets its topic suggested.
 */
import type { KbIndex } from './index-builder.js';
import { documentFrequencies, logOdds } from './domain.js';
/**
 * Log-odds (FAQ phrasings vs general IT questions) from which a term anchors a question in the registry: about
 * e ≈ 2.7 times as frequent among the FAQ's phrasings, so a word in one or two phrasings and no general question
 * is not enough (2,375 phrasings against ~500 general questions: such a word needs 6 phrasings).
 */
export const MIN_LOG_ODDS = 1;

/**
 * The registry's own nouns, anchors whatever their frequencies: a git repository or a resource tag is general IT
 * too, but in a registry's chat "delete a repository" or "list the tags" asks about the registry. Their
 * synonym groups (synonyms.yaml) bring the other four languages (リポジトリ, 儲存庫, Repository, lagringsplats).
 */
export const REGISTRY_WORDS = [
  'registry',
  'acr',
  'image',
  'images',
  'repository',
  'repositories',
  'tag',
  'tags',
  'manifest',
  'manifests',
  'helm',
  'artifact',
  'artifacts',
  'container',
];

/**
 * "Registry" named with another product is that product's registry: the Windows registry's keys (レジストリのキー,
 * 登錄檔, Registrierungsschlüssel, registernyckel), an npm, PyPI, NuGet or Maven registry, Artifactory or Nexus; a
 * blob container is a storage account's, and a repository on GitHub or GitLab (or a git push) is git's. Such a phrase
 * says nothing of a container registry, so it is set aside before the question's nouns are read.
 */
const OTHER_REGISTRY = new RegExp(
  [
    String.raw`\b(?:windows[- ]?)?registry[- ]?(?:keys?|editor|hive|values?)\b`,
    String.raw`\bwindows[- ]?(?:registry|registret|registrierung)\b`,
    String.raw`\bregedit\b`,
    String.raw`\b(?:npm|pypi|pip|nuget|maven|gradle|cargo|rubygems|verdaccio|artifactory|nexus)[- ]?(?:registry|registries|registret|registern|registrierung)\b`,
    String.raw`(?:windows\s*の\s*)レジストリ|レジストリ\s*(?:の\s*(?:どの)?\s*)?キー(?!\s*コンテナー)|レジストリ\s*エディ[タター]|レジストリ\s*(?:の\s*)?(?:設定値|値)|レジストリ(?=\s*[（(]\s*regedit)`,
    String.raw`登錄檔|登錄機碼|登錄編輯程式`,
    String.raw`registrierungs-?(?:schlüssel|editor)|registry-(?:schlüssel|key|wert)s?|registrierungswert(?:e)?`,
    String.raw`registernyck(?:larna|lar|eln|el)|registereditorn?`,
    // git's own push and pull move commits, not images.
    String.raw`\bgit[- ](?:push|pull)(?:ed|es|ing|s)?\b`,
    // A repository on a git host is a git repository, not one of the registry's.
    String.raw`\b(?:github|gitlab|bitbucket|azure devops|azure repos)\s*(?:上的|上の|の|裡的|-)?\s*(?:(?:private|public|privat|privata?|öffentliche[sn]?|eigene[sn]?|our|unser(?:e[mn]?)?|vårt?)\s*)?(?:repository|repositories|repositorys|repo|repos|repot|repon|repositoryt|リポジトリ|儲存庫|存放庫)`,
    String.raw`\b(?:repository|repositories|repo|repos|repot|repon)\s+(?:on|in|auf|bei|i|på)\s+(?:github|gitlab|bitbucket|azure devops)\b`,
    // A storage account's blob container is no container image.
    String.raw`\b(?:blob|storage)[- ]?(?:containers?|container-)|blob-?container|blobbehållare(?:n)?|blob\s*(?:コンテナー?|容器)`,
  ]
    .map((phrase) => String.raw`(?:${phrase})(?:\s*[（(][^（()）]{0,24}[）)])?`)
    .join('|'),
  'giu',
);

/** The question without the phrases that name another product's registry, or null when it has none. */
export function withoutOtherRegistries(text: string): string | null {
  const stripped = text.replace(OTHER_REGISTRY, ' ');
  return stripped === text ? null : stripped;
}

export class RegistryAnchors {
  private readonly anchors = new Set<string>();
  /** Terms of REGISTRY_WORDS (and their synonym groups): the question names the registry or what it holds. */
  private readonly nouns = new Set<string>();
  /** False without a general side: then every question counts as anchored (no evidence either way). */
  readonly enabled: boolean;

  /** `general`: analyzed terms of each general IT question. The FAQ side is the index's phrasing units. */
  constructor(index: KbIndex, general: Iterable<ReadonlySet<string>>) {
    const { count: generalCount, docs: generalDocs } = documentFrequencies(general);
    this.enabled = generalDocs > 0;
    const faqDocs = index.unitCount;
    for (const [term, postings] of index.postings) {
      if (logOdds(postings.length, faqDocs, generalCount.get(term) ?? 0, generalDocs) >= MIN_LOG_ODDS)
        this.anchors.add(term);
    }
    const indexedTerms = (word: string) =>
      [...index.analyzeQuery(word).terms.keys()].filter((t) => index.postings.has(t));
    for (const term of REGISTRY_WORDS.flatMap(indexedTerms)) {
      this.anchors.add(term);
      this.nouns.add(term);
    }
    // The registry's client, what it does with the registry and ACR Tasks: "docker pull times out on the node", "pull
    // auf RHEL gibt unauthorized, push geht", "debug logs of dockerd on Ubuntu" or "a task triggered by commits to a
    // GitLab repository" are registry questions although they name another product.
    for (const term of ['docker', 'dockerd', 'pull', 'push', 'task', 'trigger'].flatMap(indexedTerms))
      this.nouns.add(term);
  }

  /** Whether the question names the registry, something it holds, its client, a pull or push, or a task (see above). */
  namesRegistry(terms: Iterable<string>): boolean {
    for (const term of terms) if (this.nouns.has(term)) return true;
    return false;
  }

  /** Whether any of the question's terms (as typed or as corrected) anchors it in the registry. */
  anchored(terms: Iterable<string>): boolean {
    if (!this.enabled) return true;
    for (const term of terms) if (this.anchors.has(term)) return true;
    return false;
  }
}
