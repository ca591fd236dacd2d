import { type FloatArray, isSingle } from './dtype.ts';
import { ActorlopsError } from './errors.ts';
import type { LinearOperator } from './LinearOperator.ts';
import { mulberry32 } from './NDArray.ts';

export interface DotTestOptions {
  /** Relative tolerance on |<A x, y> - <x, A^H y>|. @defaultValue 1e-12 (1e-4 for single precision) */
  rtol?: number;
  /** Seed of the random x and y. @defaultValue 0 */
  seed?: number;
  /** Throw a DotTestError on failure instead of returning false. @defaultValue true */
  raiseError?: boolean;
}

/** The dot test failed: A^H is not the adjoint of A to the tolerance. */
export class DotTestError extends ActorlopsError {
  constructor(
    readonly operator: string,
    readonly lhs: number,
    readonly rhs: number,
    readonly error: number,
    readonly rtol: number,
  ) {
    super(`dot test failed for ${operator}: <Ax,y>=${lhs}, <x,A^H y>=${rhs}, relative error ${error.toExponential(2)} > ${rtol}`);
  }
}

/**
 * PyLops' dot test: for random x and y, `<A x, y>` must equal `<x, A^H y>` to a relative tolerance
 * (complex inner products; only the real part when the model side is real).
 *
 * @example
 * dottest(new FirstDerivative({ dims: [11, 21], axis: 0 })); // true, or throws DotTestError
 */
export function dottest(op: LinearOperator, opts: DotTestOptions = {}): boolean {
  const rtol = opts.rtol ?? (isSingle(op.dtype) ? 1e-4 : 1e-12);
  const next = mulberry32(opts.seed ?? 0);
  const random = (n: number) => Float64Array.from({ length: n }, () => 2 * next() - 1);
  const [nRows, nCols] = op.shape;
  const Ctor = isSingle(op.dtype) ? Float32Array : Float64Array;
  const x = Ctor.from(random(op.modelComplex ? 2 * nCols : nCols));
  const y = Ctor.from(random(op.dataComplex ? 2 * nRows : nRows));
  const ax = op.applyFlat(x, false);
  const ahy = op.applyFlat(y, true);
  const lhs = vdot(y, ax, op.dataComplex);
  const rhs = vdot(ahy, x, op.modelComplex);
  const realOnly = !op.modelComplex;
  const dRe = lhs[0] - rhs[0];
  const dIm = realOnly ? 0 : lhs[1] - rhs[1];
  const scale = Math.max(Math.hypot(lhs[0], realOnly ? 0 : lhs[1]), Math.hypot(rhs[0], realOnly ? 0 : rhs[1]), Number.MIN_VALUE);
  const err = Math.hypot(dRe, dIm) / scale;
  if (err <= rtol) return true;
  if (opts.raiseError ?? true) throw new DotTestError(op.name, lhs[0], rhs[0], err, rtol);
  return false;
}

/** sum conj(a) b, as [re, im]; arrays are complex interleaved when `complex`. */
function vdot(a: FloatArray, b: FloatArray, complex: boolean): [number, number] {
  let re = 0;
  let im = 0;
  if (!complex) {
    for (let i = 0; i < a.length; i++) re += a[i] * b[i];
    return [re, 0];
  }
  for (let i = 0; i < a.length; i += 2) {
    re += a[i] * b[i] + a[i + 1] * b[i + 1];
    im += a[i] * b[i + 1] - a[i + 1] * b[i];
  }
  return [re, im];
}

