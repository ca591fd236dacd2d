#!/usr/bin/env node
// Entry of the `actorlops` command: registers tsx so the TypeScript sources run as they are.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./actorlops.ts');
process.exitCode = await main(process.argv);
