/**
 * Derivative family vs a plain memory copy, float64, 1024² to 4096². "kernel" times write into a
 * preallocated output (like the copy); "matvec" times include allocating the output, as `op.matvec`
 * does, beside `x.slice()` (a copy that allocates too). PyLops numbers: shared/DESIGN.md section 11.
 */
import { FirstDerivative, Laplacian, SecondDerivative } from '../index.ts';
import { type WithKernels, intoPreallocated } from './kernels.ts';
import { minTime, ms, table } from './timing.ts';

export const title = 'Derivatives (local, float64)';

const SIZES = [1024, 2048, 4096];
/** Untimed runs before timing: the loops reach optimised code (a single warm-up left some 1024² cases in slower tiers). */
const WARMUP = 3;
/** PyLops numpy, fwd / adj in ms (DESIGN.md §11). */
const PYLOPS: Record<string, Record<number, string>> = {
  'FirstDerivative axis 0': { 1024: '15.8 / 25.5', 2048: '61.8 / 95.3', 4096: '474 / 746' },
  Laplacian: { 1024: '32.7 / 46.7', 2048: '159 / 232', 4096: '842 / 1333' },
};
const NUMPY_COPY: Record<number, number> = { 1024: 0.59, 2048: 2.4, 4096: 13.5 };


function cases(n: number): { name: string; op: WithKernels }[] {
  const dims = [n, n];
  return [
    { name: 'FirstDerivative axis 0', op: new FirstDerivative({ dims, axis: 0 }) },
    { name: 'FirstDerivative axis 1', op: new FirstDerivative({ dims, axis: 1 }) },
    { name: 'FirstDerivative axis 0, order 5, edge', op: new FirstDerivative({ dims, axis: 0, order: 5, edge: true }) },
    { name: 'SecondDerivative axis 0', op: new SecondDerivative({ dims, axis: 0 }) },
    { name: 'SecondDerivative axis 1', op: new SecondDerivative({ dims, axis: 1 }) },
    { name: 'Laplacian', op: new Laplacian({ dims }) },
  ];
}

export async function run(): Promise<string> {
  const rows: (string | number)[][] = [];
  const copies: (string | number)[][] = [];
  for (const n of SIZES) {
    const x = new Float64Array(n * n).map((_, i) => Math.sin(0.001 * i));
    const out = new Float64Array(n * n);
    const runs = n >= 4096 ? 5 : 9;
    const copyTime = () => minTime(() => out.set(x), runs, WARMUP);
    const sliceTime = () => minTime(() => x.slice(), runs, WARMUP);
    let copy = await copyTime();
    let slice = await sliceTime();
    const times: { name: string; kf: number; ka: number; mf: number; ma: number }[] = [];
    for (const { name, op } of cases(n)) {
      const kf = await minTime(() => intoPreallocated(op, x, out, false), runs, WARMUP);
      const ka = await minTime(() => intoPreallocated(op, x, out, true), runs, WARMUP);
      const mf = await minTime(() => op.matvec(x), runs, WARMUP);
      const ma = await minTime(() => op.rmatvec(x), runs, WARMUP);
      times.push({ name, kf, ka, mf, ma });
    }
    // The baselines again after the cases (min of both): one noisy copy timing would skew every ratio of the size.
    copy = Math.min(copy, await copyTime());
    slice = Math.min(slice, await sliceTime());
    copies.push([`${n}²`, ms(copy), ms(slice), ms(NUMPY_COPY[n])]);
    const ratio = (t: number, base: number) => (t / base).toFixed(1);
    for (const { name, kf, ka, mf, ma } of times) {
      rows.push([name, `${n}²`, `${ms(kf)} / ${ms(ka)}`, `${ratio(kf, copy)} / ${ratio(ka, copy)}`, `${ms(mf)} / ${ms(ma)}`, `${ratio(mf, slice)} / ${ratio(ma, slice)}`, PYLOPS[name]?.[n] ?? '–']);
    }
  }
  return [
    'Copy baselines (ms): `out.set(x)` into a preallocated array, and `x.slice()` which allocates, each the min of its timings before and after the size\'s cases. Every time is the min of 9 runs (5 at 4096²) after 3 untimed ones.',
    '',
    table(['size', 'set', 'slice', 'numpy copy (DESIGN §11)'], copies),
    '',
    'Derivatives, forward / adjoint (ms), and their ratio to the copy: kernel into a preallocated output vs `set`; `matvec`/`rmatvec` (allocating) vs `slice`.',
    '',
    table(['operator', 'size', 'kernel fwd / adj', '× set', 'matvec fwd / adj', '× slice', 'PyLops numpy fwd / adj'], rows),
  ].join('\n');
}
