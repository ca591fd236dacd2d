/**
 * actorlops: distributed matrix-free linear operators and solvers with PyLops semantics.
 * This is the public entry; examples, benchmarks and users import only from here.
 */
export * from './operators/index.ts';
export * from './solvers/index.ts';
export * from './runtime/index.ts';
export * from './actors/index.ts';
