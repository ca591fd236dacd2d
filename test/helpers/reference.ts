import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** One operator case of ../shared/reference/vectors-public.json (see its README). */
export interface OperatorCase {
  id: string;
  op: string;
  params: Record<string, unknown>;
  dtype: 'float32' | 'float64' | 'complex64' | 'complex128';
  dims: number[];
  dimsd: number[];
  fwd: { in: number[]; out: number[] };
  adj: { in: number[]; out: number[] };
}
export interface SolverCase {
  id: string;
  solver: string;
  operator: { op: string; params: Record<string, unknown> };
  dtype: string;
  args: Record<string, unknown>;
  y: number[];
  x0?: number[];
  iterates?: Record<string, number[]>;
  cost?: number[];
  maxeig?: number;
}

const here = dirname(fileURLToPath(import.meta.url));
/** The reference file lives in shared/ beside the repository (a fixture copy in test/fixtures wins). */
const candidates = [join(here, '../fixtures/vectors-public.json'), join(here, '../../../shared/reference/vectors-public.json')];

let cache: { operators: OperatorCase[]; solvers: SolverCase[] } | undefined;
export function referenceVectors(): { operators: OperatorCase[]; solvers: SolverCase[] } {
  if (cache) return cache;
  for (const path of candidates) {
    try {
      cache = JSON.parse(readFileSync(path, 'utf8'));
      return cache!;
    } catch {
      /* try the next place */
    }
  }
  throw new Error(`reference vectors not found in ${candidates.join(' or ')}`);
}

export const isSingle = (d: string) => d === 'float32' || d === 'complex64';
export const storage = (d: string, xs: number[]) => (isSingle(d) ? Float32Array.from(xs) : Float64Array.from(xs));
