/** Every operator of actorlops; importing this module registers them all with `fromSpec`. */
export * from './core/dtype.ts';
export * from './core/errors.ts';
export * from './core/NDArray.ts';
export * from './core/LinearOperator.ts';
export * from './core/spec.ts';
export * from './core/dottest.ts';
export * from './core/kernel.ts';
export * from './core/params.ts';
export * from './algebra/index.ts';
export * from './basic/index.ts';
export * from './derivatives/index.ts';
export * from './stack/index.ts';
export * from './signal/index.ts';
export * from './core/halo.ts';
