import { expect } from 'chai';
import { ChunkGrid, evenSizes, intersect, placement } from '../../actors/chunks.ts';
import { copyBox, fillRandom, mulberry32At } from '../../actors/kernels.ts';
import { InvalidParameterError, ShapeMismatchError } from '../../operators/core/errors.ts';
import { NDArray, mulberry32 } from '../../operators/core/NDArray.ts';

describe('actors/chunks: chunk grid and placement', () => {
  const grids: { chunks: ConstructorParameters<typeof ChunkGrid>[1]; shape: number[]; sizes: number[][] }[] = [
    { shape: [10, 4], chunks: 3, sizes: [[4, 3, 3], [4]] },
    { shape: [10, 4], chunks: [1, 2], sizes: [[10], [2, 2]] },
    { shape: [10, 4], chunks: [[1, 9], [3, 1]], sizes: [[1, 9], [3, 1]] },
    { shape: [5], chunks: [5], sizes: [[1, 1, 1, 1, 1]] },
  ];
  for (const g of grids) {
    it(`normalises chunks ${JSON.stringify(g.chunks)} of shape [${g.shape}] to explicit sizes`, () => {
      expect(new ChunkGrid(g.shape, g.chunks).toJSON()).to.deep.equal(g.sizes);
    });
  }

  it('numbers blocks in C order and gives each its box', () => {
    const g = new ChunkGrid([10, 4], [[1, 9], [3, 1]]);
    expect(g.nblocks).to.equal(4);
    expect(g.box(1)).to.deep.equal({ start: [0, 3], shape: [1, 1] });
    expect(g.box(2)).to.deep.equal({ start: [1, 0], shape: [9, 3] });
    expect(g.index(g.coords(3))).to.equal(3);
  });

  it('places contiguous runs of blocks on each actor, balanced to one block', () => {
    const p = placement(new ChunkGrid([10], [10]), ['a', 'b', 'c']);
    expect([...p.values()]).to.deep.equal([[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]);
  });

  it('refuses chunk sizes that do not sum to the axis length, and counts out of range', () => {
    expect(() => new ChunkGrid([10, 4], [[3, 3], 1])).to.throw(ShapeMismatchError);
    expect(() => new ChunkGrid([10, 4], [11, 1])).to.throw(InvalidParameterError);
    expect(() => new ChunkGrid([10, 4], [2])).to.throw(InvalidParameterError);
  });

  it('splits evenly with the longer blocks first', () => {
    expect(evenSizes(7, 3)).to.deep.equal([3, 2, 2]);
  });

  it('intersects boxes and returns undefined when they do not overlap', () => {
    expect(intersect({ start: [0, 0], shape: [4, 4] }, { start: [2, 3], shape: [5, 5] })).to.deep.equal({ start: [2, 3], shape: [2, 1] });
    expect(intersect({ start: [0], shape: [2] }, { start: [2], shape: [2] })).to.equal(undefined);
  });
});

describe('actors/kernels: seeded fills and box copies', () => {
  it('jumps mulberry32 ahead to the same k-th number as running it', () => {
    const next = mulberry32(1234);
    for (let k = 0; k < 1000; k++) expect(mulberry32At(1234, k)).to.equal(next());
  });

  for (const dtype of ['float64', 'float32', 'complex128'] as const) {
    it(`fills a block with the ${dtype} numbers NDArray.random has at those positions`, () => {
      const whole = NDArray.random([4, 5, 6], 9, dtype);
      const w = dtype === 'complex128' ? 2 : 1;
      const block = NDArray.zeros([2, 3, 4], dtype);
      fillRandom(block.data, 9, [4, 5, 6], [1, 2, 1], [2, 3, 4], w);
      const expected = NDArray.zeros([2, 3, 4], dtype);
      copyBox(whole.data, [4, 5, 6], [1, 2, 1], expected.data, [2, 3, 4], [0, 0, 0], [2, 3, 4], w);
      expect(Array.from(block.data)).to.deep.equal(Array.from(expected.data));
    });
  }

  it('copies an N-D box between arrays of different shapes', () => {
    const src = NDArray.fromNested([[1, 2, 3], [4, 5, 6]]);
    const dst = NDArray.zeros([3, 4]);
    copyBox(src.data, [2, 3], [0, 1], dst.data, [3, 4], [1, 2], [2, 2], 1);
    expect(dst.toNested()).to.deep.equal([[0, 0, 0, 0], [0, 0, 2, 3], [0, 0, 5, 6]]);
  });
});
