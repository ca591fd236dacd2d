import { expect } from 'chai';
import { InvalidParameterError, Power, Product, Scaled, ShapeMismatchError, Sum, UnknownOperatorError, fromSpec } from '../../../index.ts';
import { randomMatrix } from '../basic/fixtures.ts';

const A = randomMatrix(5, 4);
const B = randomMatrix(3, 4);

const cases: { what: string; build: () => unknown; error: new (...a: never[]) => Error; fields?: Record<string, unknown> }[] = [
  { what: 'a Sum of operators of different shapes', build: () => new Sum({ ops: [A, B] }), error: ShapeMismatchError, fields: { expected: [5, 4], received: [3, 4] } },
  { what: 'A.plus(B) with different shapes', build: () => A.plus(B), error: ShapeMismatchError },
  { what: 'a Product whose inner sizes differ', build: () => new Product({ ops: [A, B] }), error: ShapeMismatchError, fields: { expected: [4], received: [3] } },
  { what: 'A.dot(B) with inner sizes that differ', build: () => A.dot(A), error: ShapeMismatchError },
  { what: 'a Power of a non-square operator', build: () => new Power({ op: A, exponent: 2 }), error: ShapeMismatchError },
  { what: 'a negative Power', build: () => new Power({ op: randomMatrix(3, 3), exponent: -1 }), error: InvalidParameterError },
  { what: 'a fractional A.pow', build: () => randomMatrix(3, 3).pow(1.5), error: InvalidParameterError },
  { what: 'a Scaled with a string scalar', build: () => new Scaled({ op: A, scalar: 'two' as never }), error: InvalidParameterError },
  { what: 'a Scaled with a 3-element scalar', build: () => new Scaled({ op: A, scalar: [1, 2, 3] as never }), error: InvalidParameterError },
  { what: 'a Product of one operator', build: () => new Product({ ops: [A] }), error: InvalidParameterError },
  { what: 'a Sum whose operand is a number', build: () => new Sum({ ops: [A, 3 as never] }), error: InvalidParameterError },
  { what: 'an Adjoint spec of an unknown operator', build: () => fromSpec({ op: 'Adjoint', params: { op: { op: 'Nope', params: {} } } }), error: UnknownOperatorError },
];

describe('operator algebra errors', () => {
  for (const { what, build, error, fields } of cases) {
    it(`throws ${error.name} for ${what}`, () => {
      expect(build).to.throw(error);
      if (!fields) return;
      try {
        build();
      } catch (e) {
        for (const [k, v] of Object.entries(fields)) expect((e as unknown as Record<string, unknown>)[k], k).to.deep.equal(v);
      }
    });
  }
});
