import { expect } from 'chai';
import { type StencilAxisKernel, FirstDerivative, SecondDerivative, localWindow, mulberry32, type AxisWindow } from '../../../operators/index.ts';

/** Every stencil of the family on a 1-D axis of length n (the kernel only knows n). */
function kernels(n: number): { name: string; kernel: StencilAxisKernel }[] {
  const out: { name: string; kernel: StencilAxisKernel }[] = [];
  for (const edge of [false, true]) {
    for (const [kind, order] of [['centered', 3], ['centered', 5], ['forward', 3], ['backward', 3]] as const) {
      out.push({ name: `FirstDerivative ${kind} order ${order}${edge ? ' edge' : ''}`, kernel: new FirstDerivative({ dims: n, kind, order, edge, sampling: 0.7 }).axisKernels()[0].kernel });
    }
    for (const kind of ['centered', 'forward', 'backward'] as const) {
      out.push({ name: `SecondDerivative ${kind}${edge ? ' edge' : ''}`, kernel: new SecondDerivative({ dims: n, kind, edge, sampling: 1.3 }).axisKernels()[0].kernel });
    }
  }
  return out;
}

/** Block sizes covering n: all ones, two halves, and seeded uneven splits with 1-wide blocks. */
function splits(n: number): number[][] {
  const rnd = mulberry32(n);
  const uneven = (max: number) => {
    const s: number[] = [];
    for (let left = n; left > 0; ) {
      const c = Math.min(left, 1 + Math.floor(rnd() * max));
      s.push(c);
      left -= c;
    }
    return s;
  };
  return [new Array(n).fill(1), [Math.ceil(n / 2), Math.floor(n / 2)].filter((c) => c > 0), uneven(3), uneven(6), [1, n - 2, 1].filter((c) => c > 0)];
}

/** Calls the kernel's forward/adjoint, or its accumulating form when `weight` is given. */
function call(kernel: StencilAxisKernel, adjoint: boolean, weight: number | undefined, x: Float64Array | Float32Array, y: Float64Array | Float32Array, w: AxisWindow) {
  if (weight === undefined) (adjoint ? kernel.adjoint : kernel.forward)(x, y, w);
  else (adjoint ? kernel.adjointAdd : kernel.forwardAdd)(x, y, w, weight);
}

/**
 * Runs `kernel` block by block, each block's input sliced from the whole array with its halo; the
 * output blocks start as slices of `base` (what an accumulating call adds to).
 */
function runBlocks(kernel: StencilAxisKernel, adjoint: boolean, weight: number | undefined, x: Float64Array | Float32Array, base: Float64Array | Float32Array, outer: number, n: number, inner: number, sizes: number[]) {
  const [hl, hr] = adjoint ? kernel.haloAdjoint : kernel.halo;
  const Ctor = x.constructor as Float64ArrayConstructor;
  const y = new Ctor(x.length);
  let start = 0;
  for (const count of sizes) {
    const left = Math.min(hl, start);
    const right = Math.min(hr, n - start - count);
    const rows = left + count + right;
    const xb = new Ctor(outer * rows * inner);
    for (let o = 0; o < outer; o++) xb.set(x.subarray((o * n + start - left) * inner, (o * n + start + count + right) * inner), o * rows * inner);
    const yb = new Ctor(outer * count * inner);
    for (let o = 0; o < outer; o++) yb.set(base.subarray((o * n + start) * inner, (o * n + start + count) * inner), o * count * inner);
    call(kernel, adjoint, weight, xb, yb, { outer, inner, start, count, total: n, left, right });
    for (let o = 0; o < outer; o++) y.set(yb.subarray(o * count * inner, (o + 1) * count * inner), (o * n + start) * inner);
    start += count;
  }
  return y;
}

const bytes = (a: Float64Array | Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('derivative kernels on blocks with halos', () => {
  for (const n of [3, 4, 5, 7, 12, 23])
    for (const { name, kernel } of kernels(n))
      for (const [outer, inner] of [[1, 1], [2, 3], [3, 2]])
        for (const Ctor of [Float64Array, Float32Array])
          for (const adjoint of [false, true])
            for (const weight of [undefined, 0.3]) {
              const mode = `${adjoint ? 'adjoint' : 'forward'}${weight === undefined ? '' : ' accumulating'}`;
              it(`gives the whole-array bits for every block split, ${name} ${mode}, n ${n}, outer ${outer}, inner ${inner}, ${Ctor.name}`, () => {
                const rnd = mulberry32(n * 31 + inner);
                const x = new Ctor(outer * n * inner).map(() => 2 * rnd() - 1);
                const base = weight === undefined ? new Ctor(x.length) : new Ctor(x.length).map(() => 2 * rnd() - 1);
                const whole = base.slice();
                call(kernel, adjoint, weight, x, whole, { ...localWindow([outer, n, inner], 1), outer, inner });
                for (const sizes of splits(n)) {
                  expect(bytes(runBlocks(kernel, adjoint, weight, x, base, outer, n, inner, sizes)).equals(bytes(whole)), `blocks [${sizes}]`).to.equal(true);
                }
              });
            }
});

/** The columns of (outer, n, inner) data, each an (outer, n) array; column j of c is c[o, i] = a[o, i, j]. */
function column(a: Float64Array | Float32Array, outer: number, n: number, inner: number, j: number): Float64Array | Float32Array {
  const Ctor = a.constructor as Float64ArrayConstructor;
  return Ctor.from({ length: outer * n }, (_, k) => a[k * inner + j]);
}

describe('derivative kernels along the last axis (inner = 1) against the strided loops (inner > 1)', () => {
  for (const n of [3, 5, 9, 23, 64])
    for (const { name, kernel } of kernels(n))
      for (const Ctor of [Float64Array, Float32Array])
        for (const adjoint of [false, true])
          for (const weight of [undefined, 0.3]) {
            const mode = `${adjoint ? 'adjoint' : 'forward'}${weight === undefined ? '' : ' accumulating'}`;
            it(`gives the bits of every column of an inner-3 run, ${name} ${mode}, n ${n}, ${Ctor.name}`, () => {
              const [outer, inner] = [2, 3];
              const rnd = mulberry32(n * 17 + 5);
              const x = new Ctor(outer * n * inner).map(() => 2 * rnd() - 1);
              const base = weight === undefined ? new Ctor(x.length) : new Ctor(x.length).map(() => 2 * rnd() - 1);
              const strided = base.slice();
              call(kernel, adjoint, weight, x, strided, localWindow([outer, n, inner], 1));
              for (let j = 0; j < inner; j++) {
                const last = column(base, outer, n, inner, j);
                call(kernel, adjoint, weight, column(x, outer, n, inner, j), last, localWindow([outer, n], 1));
                expect(bytes(last).equals(bytes(column(strided, outer, n, inner, j))), `column ${j}`).to.equal(true);
              }
            });
          }
});
