/**
 * Driver side of the element-wise operators on distributed arrays: Diagonal with a full diagonal (its
 * values scattered once per chunk grid next to the input, so each actor holds only its slice),
 * Identity, Zero, and the conjugation and scaling steps of the algebra.
 */
import { type DType, isComplex, isSingle } from '../../operators/core/dtype.ts';
import { DTypeError } from '../../operators/core/errors.ts';
import { NDArray } from '../../operators/core/NDArray.ts';
import type { Diagonal } from '../../operators/basic/Diagonal.ts';
import type { Identity } from '../../operators/basic/Identity.ts';
import type { Zero } from '../../operators/basic/Zero.ts';
import type { DistributedArray } from '../DistributedArray.ts';
import { DistributedUnsupportedError } from './errors.ts';
import { launch, outputDtype } from './launch.ts';

/** Per Diagonal: its values scattered on a (cluster, grid), created at first use and kept with the operator. */
const scattered = new WeakMap<Diagonal, Map<string, DistributedArray>>();

function diagonalOn(op: Diagonal, x: DistributedArray): DistributedArray {
  let m = scattered.get(op);
  if (!m) scattered.set(op, (m = new Map()));
  const key = `${x.cluster.name}|${x.cluster.driver.id}|${JSON.stringify(x.grid.toJSON())}`;
  let d = m.get(key);
  if (!d) m.set(key, (d = x.cluster.fromArray(new NDArray(op.diag, op.dims, op.dtype), { chunks: x.grid.toJSON() })));
  return d;
}

/** y = d ⊙ x (conj(d) in the adjoint) for a Diagonal with one value per sample. */
export function applyFullDiagonal(op: Diagonal, x: DistributedArray, adjoint: boolean): DistributedArray {
  const dtype = outputDtype(op, x.dtype, adjoint);
  const d = diagonalOn(op, x);
  return launch(x.grid, x, 'ops.diag', (_, blocks, out) => ({ x: x.id, d: d.id, out, outDtype: dtype, blocks, conj: adjoint }), { shape: x.shape, dtype, grid: x.grid }, [x, d]);
}

/** The square identity: a copy in the operator's precision. */
export function applyIdentity(op: Identity, x: DistributedArray, adjoint: boolean): DistributedArray {
  if (op.dims.length !== op.dimsd.length || op.dims.some((n, a) => n !== op.dimsd[a])) {
    throw new DistributedUnsupportedError(op.name, `only the square identity (N = M) is distributed; got N=${JSON.stringify(op.dimsd)}, M=${JSON.stringify(op.dims)}`);
  }
  const dtype = outputDtype(op, x.dtype, adjoint);
  return dtype === x.dtype ? x.copy() : scale(x, 1, 0, true, dtype);
}

/** Zeros of the output shape (chunked like x when the shapes agree). */
export function applyZero(op: Zero, x: DistributedArray, adjoint: boolean): DistributedArray {
  const dtype = outputDtype(op, x.dtype, adjoint);
  const shape = adjoint ? op.dims : op.dimsd;
  const same = shape.length === x.shape.length && shape.every((n, a) => n === x.shape[a]);
  return x.cluster.zeros(shape, { dtype, chunks: same ? x.grid.toJSON() : undefined });
}

/** conj(x) as a new array (a real x is returned as is: conj is the identity there). */
export function conjugate(x: DistributedArray): DistributedArray {
  if (!isComplex(x.dtype)) return x;
  return launch(x.grid, x, 'ops.conj', (_, blocks, out) => ({ x: x.id, out, outDtype: x.dtype, blocks }), { shape: x.shape, dtype: x.dtype, grid: x.grid }, [x]);
}

/** (re + i im) x; per number (a real scalar on each part) or as the complex product. */
export function scale(x: DistributedArray, re: number, im: number, perNumber: boolean, dtype: DType): DistributedArray {
  if (!perNumber && !isComplex(x.dtype)) throw new DTypeError('Scaled', 'a complex DistributedArray for a complex-side scaling', x.dtype);
  return launch(x.grid, x, 'ops.scale', (_, blocks, out) => ({ x: x.id, out, outDtype: dtype, blocks, re, im, perNumber }), { shape: x.shape, dtype, grid: x.grid }, [x]);
}

/** The dtype of a composite's result of precision `of` holding complex values or not. */
export function sideDtype(of: DType, complex: boolean): DType {
  return isSingle(of) ? (complex ? 'complex64' : 'float32') : complex ? 'complex128' : 'float64';
}
