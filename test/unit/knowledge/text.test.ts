import { SynonymExpander } from '../../../src/features/ask/knowledge/synonyms.js';
import { foldDiacritics, stem } from '../../../src/features/ask/knowledge/text/stem.js';
import { analyze } from '../../../src/features/ask/knowledge/text/analyzer.js';
import { normalizeText } from '../../../src/features/ask/knowledge/text/normalize.js';
import { Vocabulary } from '../../../src/features/ask/knowledge/vocabulary.js';

describe('stems', () => {
  it('fold accents but keep å, ä, ö and ü, so distinct words do not collide', () => {
    expect(foldDiacritics('café')).toBe('cafe');
    expect(foldDiacritics('straße')).toBe('strasse');
    expect(foldDiacritics('slå')).toBe('slå');
    expect(stem('slå')).not.toBe(stem('SLA'));
    expect(stem('lägga')).not.toBe(stem('lager'));
    expect(stem('Löschen')).toBe(stem('löschen'));
  });
});

describe('Latin analysis', () => {
  it('splits letters from digits but keeps the whole word (TLS1.2)', () => {
    const terms = [...analyze('TLS1.2 support').terms.keys()];
    expect(terms).toContain('tls');
    expect(terms).toContain('tls1.2');
  });
});

describe('synonym phrases', () => {
  const groups = new SynonymExpander([['gitlab runner'], ['docker compose file'], ['.net framework']]);
  const groupsOf = (text: string) => [...groups.groupsIn(analyze(text))];

  it("match across a word's own parts (GitLab → gitlab, git, lab; docker-compose → docker, compose)", () => {
    expect(groupsOf('our GitLab runner fails')).toEqual([0]);
    expect(groupsOf('our gitlab runner fails')).toEqual([0]);
    expect(groupsOf('the docker-compose file')).toEqual([1]);
    // Another word in between is no phrase.
    expect(groupsOf('GitLab pipeline runner')).toEqual([]);
  });
});

describe('intensifiers', () => {
  it('say how much, never what about: "extrem langsam" reads as "langsam"', () => {
    expect([...analyze('pull ist extrem langsam').terms.keys()]).toEqual([...analyze('pull ist langsam').terms.keys()]);
    expect([...analyze('push är väldigt seg').terms.keys()]).toEqual([...analyze('push är seg').terms.keys()]);
    expect([...analyze('incredibly slow pull').terms.keys()]).toEqual([...analyze('slow pull').terms.keys()]);
  });

  it('so do fillers: zwar, about, 本当に', () => {
    expect([...analyze('push läuft zwar durch').terms.keys()]).toEqual([...analyze('push läuft durch').terms.keys()]);
    expect([...analyze('deleted about 300 images').terms.keys()]).toEqual([
      ...analyze('deleted 300 images').terms.keys(),
    ]);
    expect([...analyze('本当に消したの').terms.keys()]).toEqual([...analyze('消したの').terms.keys()]);
  });
});

describe('stretched words', () => {
  it('are read as written once (sloooow, langsaaam, 遅いいい), numbers and double letters are kept', () => {
    expect([...analyze('sloooow LANGSAAAM pull').terms.keys()]).toEqual([...analyze('slow langsam pull').terms.keys()]);
    expect([...analyze('遅いいいい').terms.keys()]).toEqual([...analyze('遅い').terms.keys()]);
    expect(normalizeText('sha256:1000 too full, Kaffee')).toBe('sha256:1000 too full, kaffee');
  });
});

describe('mixed scripts', () => {
  it('keeps Latin words glued to Japanese or Chinese text (ACRへのpushが遅い, 刪除tag)', () => {
    expect([...analyze('ACRへのpushが遅い').terms.keys()]).toEqual(expect.arrayContaining(['acr', 'push', '遅い']));
    expect([...analyze('怎麼刪除tag').terms.keys()]).toEqual(expect.arrayContaining(['tag', '刪除']));
  });

  it('drops the sizes and counts people quote (1GB, 800mb, 15) but keeps status codes and versions', () => {
    const terms = [...analyze('1GBのイメージで15分, push 800mb took 40 min, got 403 on TLS 1.2').terms.keys()];
    expect(terms).not.toEqual(expect.arrayContaining(['1gb']));
    expect(terms.filter((t) => ['1gb', '800mb', '15', '40'].includes(t))).toEqual([]);
    expect(terms).toEqual(expect.arrayContaining(['403', '1.2']));
    // …while a number still spells a name with its neighbour.
    expect(analyze('Windows 11 firewall').latinStems).toContain('11');
  });
});

describe('CJK analysis', () => {
  it('makes no bigram across a function word', () => {
    const terms = [...analyze('GitHub の書き方').terms.keys()];
    expect(terms).not.toContain('の書');
    expect(terms).toContain('書き');
    expect([...analyze('推送很慢怎麼辦').terms.keys()]).not.toContain('慢怎');
  });
});

describe('Vocabulary', () => {
  const vocabulary = new Vocabulary(new Set(['regist', 'kvot', 'pool', 'slow', 'kennwort']), new Set(['administrat']));

  it('splits an unknown compound into known stems, with a linking s, using synonym words too', () => {
    expect(vocabulary.decompound('registerkvot')).toEqual(['regist', 'kvot']);
    expect(vocabulary.decompound('registersadministratorkennwort')).toEqual(['regist', 'administrat', 'kennwort']);
  });

  it('keeps a known head and the unknown rest when no full split exists', () => {
    expect(vocabulary.decompound('nodpool')).toEqual(['nod', 'pool']);
    expect(vocabulary.decompound('sommarstuga')).toBeNull();
  });

  it('reads German typed without umlauts (zaeh, loeschen) as the word with them', () => {
    const german = new Vocabulary(new Set(['zäh', 'lösch']), new Set());
    expect(german.expand('zaeh')[0]).toEqual({ term: 'zäh', factor: 0.95 });
    expect(german.expand('loesch')[0]?.term).toBe('lösch');
    expect(german.expand('quee')).toEqual([]);
  });

  it('corrects a transposition in a four-letter word but no other edit', () => {
    expect(vocabulary.expand('slwo').map((e) => e.term)).toEqual(['slow']);
    expect(vocabulary.expand('slaw')).toEqual([]);
  });
});
