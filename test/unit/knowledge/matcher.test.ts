import { loadFaqMatcher } from '../../../src/features/ask/knowledge/index.js';
import { mapProse } from '../../../src/features/ask/knowledge/ingest/markup.js';
import { NEIGHBOUR_CONFIDENCE_CAP } from '../../../src/features/ask/knowledge/matcher.js';
import { NeighbourTopics, phrasingTermSets } from '../../../src/features/ask/knowledge/distinctive.js';

const { matcher, entries } = loadFaqMatcher();

describe('KbMatcher', () => {
  it('answers in the asker language when the topic exists there', () => {
    const r = matcher.match('Wie lösche ich alle Manifeste ohne Tag?');
    expect(r.topic).toBe('delete-untagged-manifests');
    expect(r.lang).toBe('de');
    expect(r.answerLang).toBe('de');
    expect(r.fallback).toBe(false);
    expect(r.edition).toBe('azure-stack-hub');
    expect(r.docsUrl).toBe('https://learn.microsoft.com/de-de/azure-stack/user/container-registries-faq');
    expect(r.score).toBeGreaterThanOrEqual(0.5);
    expect(r.score).toBeLessThanOrEqual(1);
  });

  it('finds a topic only another language covers, and flags the fallback answer (cross-lingual)', () => {
    const r = matcher.match('Unterstützen Tasks GitLab als Quelltrigger?');
    expect(r.topic).toBe('gitlab-source-trigger');
    expect(r.lang).toBe('de');
    // The German (Stack Hub) FAQ lacks it: the first language of the fallback order that has it, English.
    expect(r.answerLang).toBe('en');
    expect(r.fallback).toBe(true);
    expect(r.docsUrl).toBe('https://learn.microsoft.com/de-de/azure/container-registry/container-registry-faq');
  });

  it('answers English questions in English (our translation)', () => {
    const r = matcher.match('How can I cancel all running ACR task runs at once?');
    expect(r.topic).toBe('batch-cancel-runs');
    expect(r.lang).toBe('en');
    expect(r.answerLang).toBe('en');
    expect(r.fallback).toBe(false);
  });

  it.each([
    [
      'net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
      'pull-timeout',
    ],
    [
      '<Error><Code>InvalidAuthenticationInfo</Code><Message>Authentication information is not given in the correct format.',
      'rest-api-invalid-authentication-info',
    ],
    [
      'docker push works but pull says unauthorized: authentication required',
      'pull-unauthorized-signature-verification',
    ],
  ])('recognizes a pasted error message: %s', (q, topic) => {
    expect(matcher.match(q).topic).toBe(topic);
  });

  it.each([
    ['How do I delet untaged manifests?', 'delete-untagged-manifests'],
    ['Wie konfiguriere ich Kubernets mit Azure Container Registry?', 'configure-kubernetes'],
    ['hur validerar jag ändringar av lagringskvotn', 'validate-storage-quota'],
  ])('tolerates typos: %s', (q, topic) => {
    expect(matcher.match(q).topic).toBe(topic);
  });

  it('normalizes Simplified Chinese to Traditional before matching', () => {
    const r = matcher.match('如何删除没有标记的清单');
    expect(r.lang).toBe('zh-TW');
    expect(r.topic).toBe('delete-untagged-manifests');
    expect(r.answerLang).toBe('zh-TW');
  });

  it.each([
    'How do I bake a sourdough bread?',
    '明日の会議は何時からですか',
    'Vilken är Sveriges största sjö?',
    '這個月的電費是多少',
  ])('abstains on out-of-scope questions: %s', (q) => {
    const r = matcher.match(q);
    expect(r.topic).toBeNull();
    expect(r.answerLang).toBeNull();
    expect(r.entry).toBeNull();
    expect(r.score).toBeLessThan(0.5);
  });

  it('abstains on near-topic questions about concepts no topic answers (AKS node pools, pricing), yet answers AKS + registry', () => {
    expect(matcher.match('AKS のノードプールをスケールしたい').topic).toBeNull();
    expect(matcher.match('Kostet die Georeplikation extra?').topic).toBeNull();
    expect(matcher.match('how do I attach my AKS cluster to ACR').topic).toBe('configure-kubernetes');
  });

  it('abstains on the price difference of tiers in every wording (價錢 as well as 價格)', () => {
    expect(matcher.match('Basic 和 Premium 的價錢差多少？').topic).toBeNull();
  });

  it.each([
    // "GitLab runner" is the phrase although GitLab is also read as git + lab.
    ['a GitLab runner', 'How do I register our self-hosted GitLab runner?'],
    // "Framework" is a word of the phrase ".NET Framework", not an unknown compound fram + work.
    ['a .NET Framework service', 'How do I enable TLS 1.2 in our .NET Framework 4.6 service?'],
    ['the Windows event viewer', '事件檢視器裡的系統記錄要怎麼匯出？'],
    ['Key Vault', 'Key Vault network rules: how long until a new IP rule applies?'],
    ['renaming a registry', 'ACR のレジストリ名って後から変更できる？'],
    // ルーター is its own concept: the Latin "router" stems like the agent pool topic's "routes".
    ['a home router', '自宅のルーターでファイアウォールのルールを変えたけど反映されない'],
    ['a git push', 'My GitLab access token expired and git push fails with 403, how do I make a new one?'],
    ['a GitLab CI runner', 'GitLab CI runner keeps failing to clone with HTTP Basic: Access denied, how do I fix it?'],
    ['a vCPU quota', 'How do I raise the vCPU quota for my subscription in West Europe?'],
  ])('abstains on a question about another subject that shares the FAQ words: %s', (_what, q) => {
    expect(matcher.match(q).topic).toBeNull();
  });

  it('lets a registry question name a concept no topic explains in passing (a slow pull on AKS nodes)', () => {
    // The nodes are under a fifth of the weight: with round 5's 0.15 this needed 0.9 and abstained at 0.82.
    expect(
      matcher.match(
        'pulling from our acr is really slow on the aks nodes, about 10 min for a 1gb image, same region, no errors',
      ).topic,
    ).toBe('slow-pull');
  });

  it('needs a confidence of 0.9 when much of the question is a concept no FAQ question asks about (compose volumes)', () => {
    // Scored 0.66 for cli-in-container-auth (docker, 方法) before FOREIGN_MIN_CONFIDENCE; now offered, not answered.
    const r = matcher.match('docker compose のボリュームのマウント方法');
    expect(r.topic).toBeNull();
    expect(r.alternatives.map((a) => a.topic)).toContain('cli-in-container-auth');
    expect(matcher.match('How do I create a container registry with an ARM template?').topic).toBe(
      'create-with-arm-template',
    );
  });

  it('when it abstains on an in-scope question, it still suggests the closest topics (lower floor than under an answer)', () => {
    const { matcher: strict } = loadFaqMatcher({ suggestionFloor: 0.15 });
    const question = 'gave him acrpull, still locked out?';
    const r = matcher.match(question);
    expect(r.topic).toBeNull();
    expect(r.alternatives.map((a) => a.topic)).toContain('new-permissions-delay');
    expect(r.alternatives.every((a) => a.score >= 0.01)).toBe(true);
    expect(strict.match(question).alternatives.map((a) => a.topic)).not.toContain('new-permissions-delay');
  });

  it("lets a misspelt word stand for its synonym group, so the typo still reaches other languages' wording", () => {
    // "slwo" is corrected to "slow"; its group (långsam, 很慢, 遅い…) then counts as well.
    // Without the group the typo's best phrasing cosine fell to two thirds of the correct spelling's.
    const typo = matcher.score('acr pushes are slwo').find((s) => s.topic === 'slow-push');
    const spelt = matcher.score('acr pushes are slow').find((s) => s.topic === 'slow-push');
    expect(typo!.features.phrasing).toBeGreaterThan(0.9 * spelt!.features.phrasing);
    expect(matcher.match('acr pushes are slwo').topic).toBe('slow-push');
  });

  it('gives naive Bayes the synonym group of a corrected word too: German without umlauts (zaeh) reads like zäh', () => {
    const typed = matcher.score('der pull ist total zaeh').find((s) => s.topic === 'slow-pull')!;
    const spelt = matcher.score('der pull ist total zäh').find((s) => s.topic === 'slow-pull')!;
    expect(typed.features.supervised).toBeCloseTo(spelt.features.supervised, 2);
    expect(matcher.match('pull ist heute zaeh, was tun?').topic).toBe('slow-pull');
  });

  it.each([
    // At full weight リージョン's three bigrams took this to the home-region topic at 0.89.
    [
      'a katakana loanword weighs about one word in naive Bayes',
      'ARM テンプレートで ACR を作成したい。リージョンをパラメーターにできる？',
      'create-with-arm-template',
    ],
    [
      'blob storage is where the registry keeps layers, not a storage account',
      'curl で redirect を follow すると blob storage から InvalidAuthenticationInfo が返る',
      'rest-api-invalid-authentication-info',
    ],
    [
      'German "Ziehen" of images is a pull',
      'Pushen geht schnell, aber das Ziehen der Images auf unsere Server dauert ewig',
      'slow-pull',
    ],
    [
      'the Japanese chat words for slow, however stretched',
      'acrからのpullがおっっっそい、なんとかならない？',
      'slow-pull',
    ],
  ])('reads the words people use: %s', (_what, q, topic) => {
    expect(matcher.match(q).topic).toBe(topic);
  });

  it('reads a misspelt hyphenated compound as the known compound, and an unknown one through its parts only', () => {
    const typo = matcher.score('how do i run the az acr chek-helth comand')[0]!;
    expect(typo.topic).toBe('check-health');
    expect(typo.features.oov).toBe(0);
    // An unknown compound adds no unknown weight beyond its parts'.
    const joined = matcher.score('acr gizmo-wobble')[0]!;
    const apart = matcher.score('acr gizmo wobble')[0]!;
    expect(joined.features.oov).toBeCloseTo(apart.features.oov, 6);
  });

  it('stays under 0.9 when the runner-up offered with the answer is a neighbouring topic, not otherwise', () => {
    // GitLab triggers vs supported git services: the closest pair of topics by their phrasings' words.
    const near = matcher.match('Unterstützen Tasks GitLab als Quelltrigger?');
    expect(near.topic).toBe('gitlab-source-trigger');
    expect(near.alternatives[0]?.topic).toBe('supported-git-services');
    expect(near.score).toBe(NEIGHBOUR_CONFIDENCE_CAP);
    const alone = matcher.match('How do I delete untagged manifests?');
    expect(alone.topic).toBe('delete-untagged-manifests');
    expect(alone.score).toBeGreaterThan(0.9);
  });

  it('names as neighbours the topics whose phrasings share the most words', () => {
    const neighbours = new NeighbourTopics(phrasingTermSets(matcher.index));
    const n = (id: string): number => matcher.index.topicIds.indexOf(id);
    expect(neighbours.areNeighbours(n('slow-pull'), n('slow-push'))).toBe(true);
    expect(neighbours.areNeighbours(n('portal-cannot-fetch'), n('portal-not-listing-all'))).toBe(true);
    expect(neighbours.areNeighbours(n('delete-untagged-manifests'), n('gitlab-source-trigger'))).toBe(false);
  });

  it('offers ranked runners-up that never repeat the chosen topic', () => {
    const r = matcher.match('docker pull is slow', { maxAlternatives: 2 });
    expect(r.topic).toBe('slow-pull');
    expect(r.alternatives.length).toBeLessThanOrEqual(2);
    expect(r.alternatives.map((a) => a.topic)).not.toContain('slow-pull');
    const scores = r.alternatives.map((a) => a.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('answerFor returns the best language for a topic and null for unknown topics', () => {
    expect(matcher.answerFor('cicd-integrations', 'ja')).toMatchObject({ answerLang: 'en', fallback: true });
    expect(matcher.answerFor('cicd-integrations', 'sv')).toMatchObject({ answerLang: 'sv', fallback: false });
    expect(matcher.answerFor('no-such-topic', 'en')).toBeNull();
    expect(matcher.size).toBe(entries.length);
  });

  it.each([
    ['TLS on IIS', 'How do I enable TLS 1.2 for IIS on Windows Server?', 'enable-tls-1-2'],
    ['a storage account', 'Wie erhöhe ich das Kontingent einer Dateifreigabe im Speicherkonto?', null],
    ['Windows Firewall', 'How do I open a port in Windows Firewall?', 'firewall-rules-delay'],
    ['pricing', 'How much does geo-replication cost?', 'replication-delete-forbidden'],
    ['a storage account in mixed script', 'Azure Storageアカウントのファイアウォールで特定のIPだけ許可したい', null],
  ])(
    'does not answer a question about another subject (%s), and still suggests what is close',
    (_what, q, suggested) => {
      const r = matcher.match(q);
      expect(r.topic).toBeNull();
      if (suggested) expect(r.alternatives.map((a) => a.topic)).toContain(suggested);
    },
  );

  it.each([
    ['TLS on the registry', 'How do I enable TLS 1.2 on my container registry?', 'enable-tls-1-2'],
    [
      'the registry client on a foreign machine',
      'docker pull fails with Client.Timeout exceeded on our nodes',
      'pull-timeout',
    ],
    ['Windows by version', 'collect http traces on windows 10', 'http-traces-windows'],
  ])('answers a registry question that names something else too (%s)', (_what, q, topic) => {
    expect(matcher.match(q).topic).toBe(topic);
  });
});

describe('bad input never crashes the matcher', () => {
  const cases: [string, string][] = [
    ['empty', ''],
    ['whitespace', ' \t\n  '],
    ['100 KB of text', 'docker pull slow '.repeat(6000)],
    ['control characters', '\u0000\u0001\u0007docker\u001b[31m pull\u0008'],
    ['emoji only', '🙂🚀🔥'],
    ['RTL marks', '\u202Edocker pull is slow\u202C\u200F'],
    ['HTML injection', '<script>alert(1)</script><img src=x onerror=alert(1)>'],
    ['markdown injection', '[click](javascript:alert(1)) ![x](http://evil/x.png) **bold**'],
  ];
  it.each(cases)('%s', (_name, q) => {
    const r = matcher.match(q);
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(r.score).toBeLessThanOrEqual(1);
    if (r.topic === null) expect(r.entry).toBeNull();
    else
      mapProse(r.entry!.answer, (prose) => {
        expect(prose).not.toMatch(/<\/?[A-Za-z][^>]*>/);
        return prose;
      });
  });

  it('abstains on empty and emoji-only questions', () => {
    expect(matcher.match('').topic).toBeNull();
    expect(matcher.match('🙂🚀🔥').topic).toBeNull();
    expect(matcher.match('<script>alert(1)</script>').topic).toBeNull();
  });

  it('still answers a question wrapped in RTL and control characters', () => {
    expect(matcher.match('\u202Edocker pull is slow\u202C\u0007').topic).toBe('slow-pull');
  });
});
