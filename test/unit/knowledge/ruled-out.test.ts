import { ruledOutClauses, splitRuledOut } from '../../../src/features/ask/knowledge/ruled-out.js';
import { loadFaqMatcher } from '../../../src/features/ask/knowledge/index.js';

describe('clauses that rule something out', () => {
  it.each([
    ['push to acr is so slow, pull is fine', 'pull is fine'],
    ['pull von acr ist mega langsam, push geht normal. jemand ne idee?', 'push geht normal.'],
    ['Pull går snabbt men push är extremt seg', 'Pull går snabbt'],
    ['pullは普通なんだけど、pushがめっちゃ遅い', 'pullは普通なんだ'],
    ['權限都沒問題，可是 push 跟 pull 都被拒絕', '權限都沒問題'],
    ['not the pull, the push is slow', 'not the pull'],
    ['Die Liste ist nicht unvollständig sondern gar nicht da', 'Die Liste ist nicht unvollständig'],
    ['inte pull utan push är långsam', 'inte pull'],
    ['刪除 replica 回傳 Forbidden，不是 home region 那個，是另一個', '不是 home region 那個'],
    ['プルではなくプッシュが遅い', 'プルではなく'],
    ['Not the redirect issue — I just want to call /v2/ with curl', 'Not the redirect issue'],
    ['a regular replica, not the home region one: deleting it gave me a 403', 'not the home region one'],
    [
      'Mir geht es nicht ums Anlegen per Template – ich brauche nur das Passwort',
      'Mir geht es nicht ums Anlegen per Template',
    ],
    ['Det gäller inte Kubernetes – vår az cli körs i en container', 'Det gäller inte Kubernetes'],
    ['使用量が減らない件とは別で、計測自体を検証したい', '使用量が減らない件とは別で'],
    ['pull from acr takes forever, no errors', 'no errors'],
    ['pull dauert ewig, kein Fehler', 'kein Fehler'],
    ["pull is slow, it's not failing or timing out", 'not failing or timing out'],
    ['タイムアウトはしないんです。とにかく遅い', 'タイムアウトはしない'],
    ['ファイアウォールは何も変えておらず、ロールを追加しただけ', 'ファイアウォールは何も変えておらず'],
    ['管理者パスワードとかは不要で、レジストリ自体をテンプレートで作りたい', '管理者パスワードとかは不要で'],
    ['不需要擋 pull，只想知道映像能不能掃弱點', '不需要擋 pull'],
    ['docker push ist total langsam, pull geht dagegen fix', 'pull geht dagegen fix'],
    ['push till ACR är jätteseg, pull är okej', 'pull är okej'],
    // What the asker already understands is not the question.
    [
      'Vi fattar att lagringen inte minskar pga delade lager. Men hur testar vi siffran?',
      'Vi fattar att lagringen inte minskar pga delade lager.',
    ],
    ['共有レイヤーのせいだと理解しました。表示が更新されるか確かめたい', '共有レイヤーのせいだと理解しました。'],
    ['刪的不是 home region，是另外加的複寫', '刪的不是 home region'],
    [
      'I do not want to make the repository public, only our CI should pull without a password',
      'I do not want to make the repository public',
    ],
    [
      'Ich möchte nicht den Speicher testen, die Nutzung sinkt nach dem Löschen nicht',
      'Ich möchte nicht den Speicher testen',
    ],
    ['Jag vill inte ge någon roller, alla ska kunna pulla anonymt', 'Jag vill inte ge någon roller'],
    ['不想用 admin 帳號，只要 CI 能 pull', '不想用 admin 帳號'],
    ['大文字小文字の問題ではありません。CLI のコンテナから認証したい', '大文字小文字の問題ではありません。'],
    ['can the images be scanned for vulnerabilities, not quarantine', 'not quarantine'],
    ['Schwachstellen-Scan der Images, nicht die Quarantäne', 'nicht die Quarantäne'],
    ['Der Push bricht nicht ab und es gibt keinen Timeout, er ist nur langsam', ['bricht nicht ab', 'keinen Timeout']],
    [
      'Das Speichern hat ohne Fehler geklappt, aber docker login wird abgelehnt',
      'Das Speichern hat ohne Fehler geklappt',
    ],
    ['Der Pull dauert ewig, er bricht nie ab', 'bricht nie ab'],
    ['Pullen tar evigheter men avbryts aldrig', 'avbryts aldrig'],
    ['タイムアウトにはならず、とにかく push が遅い', 'タイムアウトにはならず'],
    ['Passwörter brauch ich nicht, nur die Registry per Vorlage anlegen', 'Passwörter brauch ich nicht'],
    ['Wir brauchen keine Vorlage, nur das Passwort per CLI', 'Wir brauchen keine Vorlage'],
    [
      'I know I can run az acr build by hand. Can a commit on GitLab trigger it?',
      'I know I can run az acr build by hand.',
    ],
    ['GitLab でトリガーできますか（GitHub が使えるのは知ってます）', '（GitHub が使えるのは知ってます）'],
    ['Not asking about quotas. How do I scan images for CVEs?', 'Not asking about quotas.'],
    ['Es geht nicht um den Pull – der Push dauert ewig', 'Es geht nicht um den Pull'],
    ["We haven't touched the firewall, but the new role still gets 403", "We haven't touched the firewall"],
    ['ネットワーク設定は変えていません。ロールを付けたのにまだ 403', 'ネットワーク設定は変えていません。'],
    ['防火牆沒有改，剛加的角色還是 403', '防火牆沒有改'],
    ['Pushes run at full speed, pulls crawl', 'Pushes run at full speed'],
    ['我不是要拿密碼，是想用範本建立 registry', '我不是要拿密碼'],
    ['I know tasks can build from GitHub. Can a GitLab commit trigger one?', 'I know tasks can build from GitHub.'],
    ['Ich will keinen Trace mitschneiden, sondern die Umgebung prüfen', 'Ich will keinen Trace mitschneiden'],
  ])('%s → %s', (text, ruled) => {
    expect(ruledOutClauses(text)).toEqual(Array.isArray(ruled) ? ruled : [ruled]);
  });

  it('keeps what works only after a while: that is the symptom of a delay, not a neighbour', () => {
    expect(
      ruledOutClauses(
        'the pull failed with 401 right after the role assignment, the retry ten minutes later went through fine',
      ),
    ).toEqual([]);
  });

  it('sets aside what a clause says the question is not about, also when it follows the marker or closes the message', () => {
    expect(
      ruledOutClauses('Mich interessiert nicht, warum nach dem Löschen nichts frei wird – ich will die Anzeige testen'),
    ).toEqual(['Mich interessiert nicht', 'warum nach dem Löschen nichts frei wird']);
    expect(
      ruledOutClauses('Hur testar jag att användningen uppdateras? Inte frågan om varför den inte minskar.'),
    ).toEqual(['Inte frågan om varför den inte minskar.']);
    expect(ruledOutClauses('Im Portal kommt nur ein Fehler – es ist nicht so, dass nur ein Teil fehlt.')).toEqual([
      'es ist nicht so',
      'dass nur ein Teil fehlt.',
    ]);
    expect(ruledOutClauses('テンプレートでレジストリを作るサンプルは？資格情報の出力とかは要らないです。')).toEqual([
      '資格情報の出力とかは要らないです。',
    ]);
    // A closing clause that merely starts with "not" is the complaint, not something set aside.
    expect(ruledOutClauses('I added my IP to the firewall. Not working after ten minutes.')).toEqual([]);
  });

  it('keeps the subject of a failure that does not happen: "the pull doesn\'t abort, it\'s just slow" is about the pull', () => {
    expect(splitRuledOut("Our pulls don't fail, they just take ages")).toEqual({
      ruled: ["don't fail"],
      kept: ['Our pulls  ', 'they just take ages'],
    });
  });

  it.each([
    ['a question', 'pull is slow, is push fine?'],
    ['a negated state', 'pull is not fast, push is slow too'],
    ['a marker that does not end the clause', 'ok so the pull is slow'],
    ['one clause only', 'pull is fine'],
    ['every clause', 'pull is fine, push is fine'],
    ['"without" in Swedish', 'kan man pulla utan att logga in'],
    ['a long closing clause (no afterthought)', 'pull is slow, not sure what changed since yesterday evening'],
    ['"I know" about the complaint itself', 'I know the pull is slow, how do I fix it?'],
    ['"without logging in" in Chinese (anonymous pull, no set-aside)', '不用登入就能 pull，要怎麼設定'],
  ])('none in %s', (_what, text) => {
    expect(ruledOutClauses(text)).toEqual([]);
  });
});

describe('the matcher with a ruled-out neighbour', () => {
  const { matcher } = loadFaqMatcher();
  it.each([
    ['en', 'pushing images to our acr takes 30 minutes, pulling them is fine', 'slow-push'],
    ['sv', 'Push till registret går snabbt, pull är extremt långsam', 'slow-pull'],
    ['ja', 'ACRからのpullは普通なんだけど、pushだけ遅い', 'slow-push'],
    // The failure that does not happen is set aside, its subject (the pull) is not: abstained before round 5.
    ['en', "Pulls don't fail, they are just really slow, any tips?", 'slow-pull'],
  ])('answers the complaint, not the clause that is fine (%s)', (_lang, text, topic) => {
    expect(matcher.match(text).topic).toBe(topic);
  });

  it("reads the fine clause back when it is the topic's own context, never to change the topic", () => {
    // "Push works on RHEL" is the symptom of this topic: set aside, the rest was too unsure (0.49) to answer.
    expect(matcher.match('push from our RHEL host works fine, pull says unauthorized with the same login').topic).toBe(
      'pull-unauthorized-signature-verification',
    );
    // Read back, "pushing works as usual" would turn this to slow push at 0.95: the set-aside reading's topic stays.
    const pullSlowPushFine =
      'Vi drar images från ACR och sedan i morse är det jätteslött, en image på 1 GB tar tio minuter att ladda ner. Att pusha verkar funka som vanligt.';
    expect(matcher.match(pullSlowPushFine).topic).not.toBe('slow-push');
  });

  it('never reads a failure that does not happen back as one ("no error" is not an error)', () => {
    expect(
      matcher.match(
        'The portal lists exactly 100 repositories and stops there, no error, but the CLI shows all 250. Why?',
      ).topic,
    ).toBe('portal-not-listing-all');
  });
});
