/**
 * Worker processes spawned by these tests load the actor commands of actors/ops and actors/vectors
 * through NODE_OPTIONS, because actors/workerMain.ts does not import them yet. Remove this (and the
 * `spawn` option in the tests) once workerMain.ts imports '../actors/ops/index.ts' and
 * './vectors/commands.ts'.
 */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const commands = pathToFileURL(fileURLToPath(new URL('../../../actors/vectors/index.ts', import.meta.url))).href;

/** The `spawn` option of launchCluster that preloads the commands in every worker. */
export const workerImports = { env: () => ({ NODE_OPTIONS: `--import ${tsx} --import ${commands}` }) };
