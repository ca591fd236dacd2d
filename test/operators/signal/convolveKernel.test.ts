import { expect } from 'chai';
import type { FloatArray } from '../../../operators/core/dtype.ts';
import { ShapeMismatchError } from '../../../operators/core/errors.ts';
import { blockWindow, haloPlan, placeAxis, sliceAxis } from '../../../operators/core/halo.ts';
import { localWindow } from '../../../operators/core/kernel.ts';
import { NDArray } from '../../../operators/core/NDArray.ts';
import { convolveKernel } from '../../../operators/signal/convolveKernel.ts';

/** Runs the kernel block by block: slices each block with the halo its plan gives, places the outputs. */
function runSplit(kernelRun: (i: FloatArray, o: FloatArray, w: ReturnType<typeof localWindow>) => void, halo: readonly [number, number], x: FloatArray, dims: number[], axis: number, cplx: boolean, sizes: number[]): FloatArray {
  const { outer, inner, total } = localWindow(dims, axis, cplx);
  const out = new (x.constructor as Float64ArrayConstructor)(x.length);
  for (const plan of haloPlan(sizes, halo)) {
    const input = sliceAxis(x, outer, total, inner, plan.start - plan.left, plan.left + plan.count + plan.right);
    const block = new (x.constructor as Float64ArrayConstructor)(outer * plan.count * inner);
    kernelRun(input, block, blockWindow(plan, outer, inner, total));
    placeAxis(out, outer, total, inner, block, plan.start, plan.count);
  }
  return out;
}

const splits = (n: number): number[][] => [
  [n],
  [1, n - 1],
  [Math.ceil(n / 3), n - Math.ceil(n / 3) - 1, 1],
  Array.from({ length: n }, () => 1), // every block thinner than the halo
  [2, 1, n - 5, 2].filter((s) => s > 0),
];

const cases = [
  { dims: [20], axis: 0, h: [0.3, -1.1, 2.5, 0.7, -0.2], offset: 2, dtype: 'float64' as const },
  { dims: [20], axis: 0, h: [0.3, -1.1, 2.5, 0.7], offset: 0, dtype: 'float64' as const },
  { dims: [17], axis: 0, h: [1.5, -0.5, 0.25, 2, 0.125, -3], offset: 5, dtype: 'float64' as const },
  { dims: [12, 7], axis: 0, h: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7], offset: 3, dtype: 'float64' as const },
  { dims: [6, 15], axis: 1, h: [1, -2, 1, 0.5], offset: 1, dtype: 'float64' as const },
  { dims: [3, 10, 4], axis: 1, h: [0.25, 0.5, 0.25], offset: 1, dtype: 'complex128' as const },
  { dims: [9], axis: 0, h: [0.7, 0.1, -0.3, 0.9, 0.2, 0.4, -0.6, 0.8, 0.3, 0.5, -0.1, 0.05], offset: 4, dtype: 'float64' as const }, // longer than the axis
  { dims: [4, 13], axis: 1, h: [0.3, -1.1, 2.5, 0.7, -0.2], offset: 2, dtype: 'float32' as const },
];

describe('convolveKernel on blocks', () => {
  for (const c of cases) {
    const n = c.dims[c.axis];
    const cplx = c.dtype === 'complex128';
    const k = convolveKernel(c.h, c.offset);
    const x = NDArray.random(c.dims, 3, c.dtype).data;
    const whole = (run: typeof k.forward) => {
      const out = new (x.constructor as Float64ArrayConstructor)(x.length);
      run(x, out, localWindow(c.dims, c.axis, cplx));
      return out;
    };
    for (const sizes of splits(n)) {
      it(`gives the whole-array bits on blocks [${sizes}] of ${c.dtype} dims [${c.dims}] axis ${c.axis}, len(h) ${c.h.length}, offset ${c.offset}`, () => {
        expect(sizes.reduce((a, b) => a + b, 0)).to.equal(n);
        expect(runSplit(k.forward, k.halo, x, c.dims, c.axis, cplx, sizes), 'forward').to.deep.equal(whole(k.forward));
        expect(runSplit(k.adjoint, k.haloAdjoint, x, c.dims, c.axis, cplx, sizes), 'adjoint').to.deep.equal(whole(k.adjoint));
      });
    }
  }

  it('reports halo widths [len(h)-1-offset, offset] forward and the mirror for the adjoint', () => {
    expect(convolveKernel([1, 2, 3, 4, 5], 1).halo).to.deep.equal([3, 1]);
    expect(convolveKernel([1, 2, 3, 4, 5], 1).haloAdjoint).to.deep.equal([1, 3]);
    expect(convolveKernel([1, 2, 3, 4], 0).halo).to.deep.equal([3, 0]);
    expect(convolveKernel([1, 2, 3, 4], 3).haloAdjoint).to.deep.equal([3, 0]);
  });

  it('throws a ShapeMismatchError when an interior block lacks its halo', () => {
    const k = convolveKernel([1, 2, 3], 1);
    const x = new Float64Array(5);
    const y = new Float64Array(5);
    const w = { outer: 1, inner: 1, start: 5, count: 5, total: 20, left: 0, right: 1 };
    expect(() => k.forward(x, y, w)).to.throw(ShapeMismatchError);
    expect(() => k.adjoint(new Float64Array(7), y, { ...w, left: 1, right: 1 })).to.not.throw();
  });

  it('pads with zeros at the global edges, needing no halo there and ignoring samples given beyond them', () => {
    const k = convolveKernel([1, 2, 3], 1); // y[i] = x[i+1] + 2 x[i] + 3 x[i-1]
    const expected = [4, 10, 16, 22, 22];
    const y = new Float64Array(5);
    k.forward(Float64Array.of(1, 2, 3, 4, 5), y, { outer: 1, inner: 1, start: 0, count: 5, total: 5, left: 0, right: 0 });
    expect(Array.from(y)).to.deep.equal(expected);
    k.forward(Float64Array.of(1, 2, 3, 4, 5, 100), y, { outer: 1, inner: 1, start: 0, count: 5, total: 5, left: 0, right: 1 });
    expect(Array.from(y)).to.deep.equal(expected);
  });
});
