import { type DType, NDArray, isComplex } from '../../../operators/index.ts';

/** Shapes and axes (incl. negative) the derivative tests run over. */
export const SHAPES: { dims: number[]; axes: number[] }[] = [
  { dims: [12], axes: [0, -1] },
  { dims: [11, 21], axes: [0, 1, -1, -2] },
  { dims: [4, 5, 6], axes: [0, 1, 2, -1] },
  { dims: [3, 7], axes: [0, 1] },
];
export const DTYPES: DType[] = ['float64', 'float32', 'complex128'];
export const EDGES = [false, true];

/** Relative tolerance of value checks: PyLops' float64 bar, or float32 round-off. */
export const tolOf = (d: DType) => (d === 'float32' || d === 'complex64' ? 1e-5 : 1e-12);

/** Seeded random input of `dtype` over `shape`. */
export function randomInput(shape: number[], dtype: DType, seed = 1): Float64Array | Float32Array {
  return NDArray.random(shape, seed, dtype).data;
}

export const complexOf = (d: DType) => isComplex(d);
export const norm = (axis: number, ndim: number) => (axis + ndim) % ndim;
