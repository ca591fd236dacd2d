/** Barrel of runtime/ (public names only). */
export {};
