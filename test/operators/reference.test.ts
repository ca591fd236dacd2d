import { expect } from 'chai';
import { fromSpec, relativeError, registeredOperators } from '../../index.ts';
import { isSingle, referenceVectors, storage } from '../helpers/reference.ts';

describe('reference vectors produced by PyLops', () => {
  const { operators } = referenceVectors();
  it('covers every operator named in the file', () => {
    const missing = [...new Set(operators.map((c) => c.op))].filter((op) => !registeredOperators().includes(op));
    expect(missing).to.deep.equal([]);
  });
  for (const c of operators) {
    it(`matches ${c.id} forward and adjoint`, () => {
      const tol = isSingle(c.dtype) ? 1e-5 : 1e-12;
      const op = fromSpec({ op: c.op, params: c.params });
      expect(op.dims, 'dims').to.deep.equal(c.dims);
      expect(op.dimsd, 'dimsd').to.deep.equal(c.dimsd);
      expect(op.dtype, 'dtype').to.equal(c.dtype);
      expect(relativeError(op.matvec(storage(c.dtype, c.fwd.in)), c.fwd.out), 'forward').to.be.at.most(tol);
      expect(relativeError(op.rmatvec(storage(c.dtype, c.adj.in)), c.adj.out), 'adjoint').to.be.at.most(tol);
      expect(fromSpec(JSON.parse(JSON.stringify(op.toSpec()))).matvec(storage(c.dtype, c.fwd.in)), 'spec round trip').to.deep.equal(op.matvec(storage(c.dtype, c.fwd.in)));
    });
  }
});
