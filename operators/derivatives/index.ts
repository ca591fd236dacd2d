/** Barrel of operators/derivatives (filled by its operators). */
export {};
