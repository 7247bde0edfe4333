import { RegistryAnchors, withoutOtherRegistries } from '../../../src/features/ask/knowledge/anchoring.js';
import { loadFaqMatcher } from '../../../src/features/ask/knowledge/index.js';

// The real knowledge base: its phrasings are the FAQ side, knowledge/general-it.yaml and off-topic.yaml the
// general side. The questions below appear in neither file nor in any evaluation set.
const { matcher, data } = loadFaqMatcher();
const termsOf = (q: string) => new Set(matcher.index.analyzeQuery(q).terms.keys());
const anchors = new RegistryAnchors(
  matcher.index,
  [...data.offTopic, ...data.generalIt].map((q) => termsOf(q)),
);

describe('registry anchors: does a question say something only a registry question says', () => {
  test.each([
    'why does the geo-replication to East US lag behind',
    'where is the admin password of my ACR',
    'Wie lösche ich Manifeste ohne Tag?',
    'リポジトリの一覧が表示されない',
    '映像檔推送很慢',
    'Kan jag låsa en avbildning mot borttagning?',
    'can I delete a repository with the CLI',
  ])('anchored: %s', (q) => {
    expect(anchors.anchored(termsOf(q))).toBe(true);
  });

  // Each shares words with FAQ topics (firewall, TLS, quota, password, git, Kubernetes, admin) and nothing else.
  test.each([
    'which firewall rule blocks port 8443 on my laptop',
    'renew the TLS certificate on our Apache server',
    'Kontingent für Cosmos DB erhöhen',
    'hur byter jag lösenord på min dator',
    'git でブランチをマージしたい',
    'Kubernetes 的 pod 一直重啟',
  ])('not anchored: %s', (q) => {
    expect(anchors.anchored(termsOf(q))).toBe(false);
  });

  test('without a general side every question counts as anchored (no evidence either way)', () => {
    const none = new RegistryAnchors(matcher.index, []);
    expect(none.enabled).toBe(false);
    expect(none.anchored(termsOf('renew the TLS certificate on our Apache server'))).toBe(true);
  });

  test('the matcher abstains on unanchored general IT questions and still suggests topics', () => {
    for (const q of [
      'renew the TLS certificate on our Apache server',
      'how do I configure the firewall of my laptop',
    ]) {
      const r = matcher.match(q);
      expect(r.topic).toBeNull();
      expect(r.score).toBeLessThan(0.5);
      expect(r.alternatives.length).toBeGreaterThan(0);
    }
    const inScope = matcher.match('How do I delete untagged manifests?');
    expect(inScope.topic).toBe('delete-untagged-manifests');
  });

  test('a typo of a registry word still anchors (regsitry → registry)', () => {
    expect(matcher.match('how do I configure the firewall of my laptop').topic).toBeNull();
    expect(matcher.match('how do I configure the firewall of my regsitry').topic).toBe('firewall-rules-delay');
  });

  test('a phrasing learned from feedback is answered although its words are general (learning stays effective)', () => {
    const { matcher: learner } = loadFaqMatcher();
    const q = 'which firewall rule blocks port 8443 on my laptop'; // not anchored (above)
    expect(learner.match(q).topic).toBeNull();
    learner.addPhrasings('firewall-rules-delay', [q]);
    expect(learner.match(q)).toMatchObject({ topic: 'firewall-rules-delay', score: expect.any(Number) });
    expect(learner.match(q).score).toBeLessThan(0.9);
  });

  test.each([
    ['Which Windows registry keys turn on TLS 1.2?', 'Which   turn on TLS 1.2?'],
    ['npm publish to our private npm registry fails', 'npm publish to our private   fails'],
    ['IIS の TLS 設定はレジストリのどのキー？', 'IIS の TLS 設定は ？'],
    ['TLS 1.2 über einen Registrierungsschlüssel erzwingen', 'TLS 1.2 über einen   erzwingen'],
    ['ändra registernyckeln för TLS', 'ändra   för TLS'],
    ['403 on the blob container after adding my IP', '403 on the   after adding my IP'],
    ['Windows 10 的登錄檔（registry）要怎麼改', 'Windows 10 的  要怎麼改'],
    ['TLS 1.2 のレジストリ（regedit）の値', 'TLS 1.2 の  の値'],
    ['How do I make our GitHub repository private?', 'How do I make our  private?'],
    ['Windows 11 で TLS 1.2 を有効にするレジストリの設定値', 'Windows 11 で TLS 1.2 を有効にする  '],
    ['git push to GitLab fails with 403', ' to GitLab fails with 403'],
    ['which registry values turn on TLS 1.2', 'which   turn on TLS 1.2'],
    ['GitHub のリポジトリに外部コラボレーターを追加したい', ' に外部コラボレーターを追加したい'],
    ['GitHub 上的 private repo 要怎麼加協作者', ' 要怎麼加協作者'],
    ['Wer darf das Repository auf GitLab löschen?', 'Wer darf das  löschen?'],
  ])("another product's registry is set aside before the nouns are read: %s", (q, rest) => {
    expect(withoutOtherRegistries(q)?.replace(/\s+/g, ' ')).toBe(rest.replace(/\s+/g, ' '));
  });

  test("a container registry is not another product's registry", () => {
    expect(withoutOtherRegistries('how do I enable TLS 1.2 on my container registry')).toBeNull();
    expect(withoutOtherRegistries('レジストリの管理者キーはどこ？')).toBeNull();
    // 注册表 is the Windows registry, but also Microsoft's Simplified Chinese name of the container registry (容器注册表).
    expect(withoutOtherRegistries('如何检查容器注册表的健康状态')).toBeNull();
  });

  test('a question about another registry is not answered; the same question about the container registry is', () => {
    for (const q of [
      'How do I force TLS 1.2 on IIS, which registry keys do I change?',
      'npm publish in unsere private npm-Registry gibt 401 Unauthorized',
      'IIS で TLS 1.2 を強制するにはレジストリのどのキーを変える？',
      // Naming only the Windows registry (no web server) is another subject too.
      'TLS 1.2 in der Windows-Registry unserer Terminalserver aktivieren, wie?',
    ])
      expect(matcher.match(q).topic).toBeNull();
    expect(matcher.match('How do I force TLS 1.2 on my container registry?').topic).toBe('enable-tls-1-2');
  });

  test('a git host repository is not the registry, but a task triggered from it is a registry question', () => {
    expect(matcher.match('GitHub のリポジトリを private から public に変えるには？').topic).toBeNull();
    expect(matcher.match('Wie lösche ich einen Branch in unserem GitHub-Repository?').topic).toBeNull();
    expect(matcher.match('GitLab のリポジトリへのコミットをトリガーにしてタスクを動かせますか？').topic).toBe(
      'gitlab-source-trigger',
    );
  });

  test("a pull or push names the registry's use, whatever other product the question names", () => {
    // Ubuntu is a concept no topic explains; the pull on it is still a registry question.
    expect(
      matcher.match('pull auf RHEL 7 gibt unauthorized, push vom selben Host geht, auf Ubuntu klappt beides').topic,
    ).toBe('pull-unauthorized-signature-verification');
  });
});
