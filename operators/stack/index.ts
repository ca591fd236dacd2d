/** Barrel of operators/stack (filled by its operators). */
export {};
