/** The allocation-free publish-subject check agrees with the full parser on every input. */
import { expect } from 'chai';
import fc from 'fast-check';
import { checkLiteral, parseSubject } from '../../../runtime/transport/subject.ts';

const outcome = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return (e as Error).message;
  }
};

describe('checkLiteral', function () {
  const cases = ['a', 'a.b.c', '_INBOX.p1.42', 'lops.c.ctl.w0', '', '.', 'a.', '.a', 'a..b', 'a.*', '*', '>', 'a.>', 'a.b>', 'a b', 'a\tb', 'a.\u00a0', 'é.x', '**.a'];
  for (const s of cases) {
    it(`judges ${JSON.stringify(s)} as parseSubject(s, false) does`, function () {
      expect(outcome(() => checkLiteral(s))).to.equal(outcome(() => parseSubject(s, false)));
    });
  }

  it('judges random subjects built from tricky characters as parseSubject does', function () {
    const chars = fc.constantFrom('a', 'Z', '.', '*', '>', ' ', '\n', '\u00a0', '\u2003', 'é', '_', '-');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 12 }), (cs) => {
        const s = cs.join('');
        expect(outcome(() => checkLiteral(s))).to.equal(outcome(() => parseSubject(s, false)));
      }),
      { numRuns: 2000 },
    );
  });
});
