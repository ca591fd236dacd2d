/** Barrel of solvers/ (public names only). */
export {};
