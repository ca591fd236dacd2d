/** Barrel of actors/ (public names only). */
export {};
