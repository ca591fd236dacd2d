import { expect } from 'chai';
import { Block, HStack, InvalidParameterError, ShapeMismatchError, VStack } from '../../../index.ts';
import { randomMatrix } from '../basic/fixtures.ts';

const cases: { what: string; build: () => unknown; error: new (...a: never[]) => Error; names?: string }[] = [
  { what: 'a VStack item with another number of columns', build: () => new VStack({ ops: [randomMatrix(2, 4), randomMatrix(3, 5)] }), error: ShapeMismatchError, names: 'ops[1]' },
  { what: 'an HStack item with another number of rows', build: () => new HStack({ ops: [randomMatrix(2, 4), randomMatrix(2, 1), randomMatrix(3, 4)] }), error: ShapeMismatchError, names: 'ops[2]' },
  {
    what: 'a Block item with another number of rows than its row',
    build: () => new Block({ ops: [[randomMatrix(2, 4), randomMatrix(3, 4)]] }),
    error: ShapeMismatchError,
    names: 'ops[0][1]',
  },
  {
    what: 'a Block row narrower than the first',
    build: () => new Block({ ops: [[randomMatrix(2, 4), randomMatrix(2, 4)], [randomMatrix(1, 7)]] }),
    error: ShapeMismatchError,
    names: 'ops[1]',
  },
  { what: 'an empty VStack', build: () => new VStack({ ops: [] }), error: InvalidParameterError },
  { what: 'a Block that is not a list of rows', build: () => new Block({ ops: 'A' as never }), error: InvalidParameterError },
  { what: 'a stack with an unknown dtype', build: () => new VStack({ ops: [randomMatrix(2, 2)], dtype: 'int8' as never }), error: InvalidParameterError },
];

describe('block operator errors', () => {
  for (const { what, build, error, names } of cases) {
    it(`throws ${error.name} for ${what}`, () => {
      expect(build).to.throw(error);
      if (names) expect(build).to.throw(names);
    });
  }
});
