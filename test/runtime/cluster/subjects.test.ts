import { expect } from 'chai';
import { ctlSubject, dataSubject, haloSubject, hbSubject, parseSubject, redSubject, wildcard } from '../../../runtime/cluster/subjects.ts';
import { InvalidParameterError } from '../../../operators/core/errors.ts';

describe('runtime/cluster/subjects', () => {
  const table = [
    { build: () => ctlSubject('run1', 'w0'), subject: 'lops.run1.ctl.w0', kind: 'ctl', name: 'w0' },
    { build: () => haloSubject('run1', 'w1'), subject: 'lops.run1.halo.w1', kind: 'halo', name: 'w1' },
    { build: () => dataSubject('run1', 'drv-1'), subject: 'lops.run1.data.drv-1', kind: 'data', name: 'drv-1' },
    { build: () => redSubject('run1', 'dot'), subject: 'lops.run1.red.dot', kind: 'red', name: 'dot' },
    { build: () => hbSubject('run1', 'w2'), subject: 'lops.run1.hb.w2', kind: 'hb', name: 'w2' },
  ];
  for (const t of table) {
    it(`builds ${t.subject} with the kind at token 2 and parses it back`, () => {
      expect(t.build()).to.equal(t.subject);
      expect(parseSubject(t.subject)).to.deep.equal({ cluster: 'run1', kind: t.kind, name: t.name });
    });
  }

  it('builds the wildcard of one kind', () => {
    expect(wildcard('run1', 'hb')).to.equal('lops.run1.hb.*');
  });

  it('refuses tokens with dots, spaces or wildcards', () => {
    for (const bad of ['a.b', 'a b', '*', '>', '']) expect(() => ctlSubject(bad, 'w0')).to.throw(InvalidParameterError);
    expect(() => ctlSubject('c', 'w.0')).to.throw(InvalidParameterError);
  });

  it('parses only protocol subjects', () => {
    expect(parseSubject('lops.c.nope.w0')).to.equal(undefined);
    expect(parseSubject('other.c.ctl.w0')).to.equal(undefined);
    expect(parseSubject('lops.c.ctl')).to.equal(undefined);
  });
});
