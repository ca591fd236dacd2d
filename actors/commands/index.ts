/** Registers the built-in commands of partition actors (import for its side effect). */
import './blocks.ts';
import './vector.ts';
