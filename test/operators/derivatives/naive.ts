/**
 * Test-only reference: the 1-D derivative matrices written densely, row by row, straight from the
 * conventions of shared/reference/README.md (PyLops' assignments in order, later ones overwrite), and a
 * naive application along one axis by multi-indices. Independent of the banded kernels under test.
 */
export type Dense = number[][];

export function firstMatrix(n: number, kind: string, edge: boolean, order: number, sampling: number): Dense {
  const A = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const set = (i: number, entries: [number, number][]) => {
    A[i].fill(0);
    for (const [j, c] of entries) A[i][j] = c / sampling;
  };
  if (kind === 'forward') for (let i = 0; i < n - 1; i++) set(i, [[i, -1], [i + 1, 1]]);
  else if (kind === 'backward') for (let i = 1; i < n; i++) set(i, [[i - 1, -1], [i, 1]]);
  else if (order === 3) {
    for (let i = 1; i < n - 1; i++) set(i, [[i - 1, -0.5], [i + 1, 0.5]]);
    if (edge) {
      set(0, [[0, -1], [1, 1]]);
      set(n - 1, [[n - 2, -1], [n - 1, 1]]);
    }
  } else {
    for (let i = 2; i < n - 2; i++) set(i, [[i - 2, 1 / 12], [i - 1, -2 / 3], [i + 1, 2 / 3], [i + 2, -1 / 12]]);
    if (edge) {
      set(0, [[0, -1], [1, 1]]);
      set(1, [[0, -0.5], [2, 0.5]]);
      set(n - 2, [[n - 3, -0.5], [n - 1, 0.5]]);
      set(n - 1, [[n - 2, -1], [n - 1, 1]]);
    }
  }
  return A;
}

export function secondMatrix(n: number, kind: string, edge: boolean, sampling: number): Dense {
  const A = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const s2 = sampling * sampling;
  const set = (i: number, j0: number) => {
    A[i].fill(0);
    A[i][j0] = 1 / s2;
    A[i][j0 + 1] = -2 / s2;
    A[i][j0 + 2] = 1 / s2;
  };
  if (kind === 'forward') for (let i = 0; i < n - 2; i++) set(i, i);
  else if (kind === 'backward') for (let i = 2; i < n; i++) set(i, i - 2);
  else {
    for (let i = 1; i < n - 1; i++) set(i, i - 1);
    if (edge) {
      set(0, 0);
      set(n - 1, n - 3);
    }
  }
  return A;
}

export function transpose(A: Dense): Dense {
  return A[0].map((_, j) => A.map((row) => row[j]));
}

/** y = A x along `axis` of `dims` (x real, or complex interleaved when `complex`). */
export function applyAlong(A: Dense, dims: number[], axis: number, x: ArrayLike<number>, complex = false): Float64Array {
  let outer = 1;
  let inner = complex ? 2 : 1;
  for (let a = 0; a < axis; a++) outer *= dims[a];
  for (let a = axis + 1; a < dims.length; a++) inner *= dims[a];
  const n = dims[axis];
  const y = new Float64Array(x.length);
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < inner; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += A[i][k] * x[(o * n + k) * inner + j];
        y[(o * n + i) * inner + j] = s;
      }
  return y;
}

/** Max |a - b| / max |b|. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return den === 0 ? num : num / den;
}
