/** Barrel of operators/algebra (filled by its operators). */
export {};
