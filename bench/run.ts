/**
 * Runs the benchmarks and writes BENCHMARKS.md. Each `bench/<topic>.bench.ts` exports
 * `title` and `run(): Promise<string>` (a Markdown section). `npm run bench -- derivatives` runs only
 * the named topics and replaces just their sections in BENCHMARKS.md.
 */
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'BENCHMARKS.md');
const wanted = process.argv.slice(2);
const topics = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .filter((t) => wanted.length === 0 || wanted.includes(t))
  .sort();

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
let doc = existsSync(out) ? readFileSync(out, 'utf8') : '';
if (!doc.startsWith('# Benchmarks')) doc = '# Benchmarks\n\n';
doc = doc.replace(/^Machine: .*\n\n/m, '');
doc = doc.replace(/^# Benchmarks\n\n/, `# Benchmarks\n\nMachine: ${machine}. Command: \`npm run bench\` (or \`npm run bench -- <topic>\`). Times are the minimum of repeated runs.\n\n`);

for (const topic of topics) {
  const mod = await import(pathToFileURL(join(here, `${topic}.bench.ts`)).href);
  console.log(`bench ${topic}: ${mod.title}`);
  const body: string = await mod.run();
  const section = `<!-- bench:${topic} -->\n## ${mod.title}\n\n_Run ${new Date().toISOString().slice(0, 16)}Z: \`npm run bench -- ${topic}\`_\n\n${body.trim()}\n<!-- /bench:${topic} -->`;
  const re = new RegExp(`<!-- bench:${topic} -->[\\s\\S]*?<!-- /bench:${topic} -->`);
  doc = re.test(doc) ? doc.replace(re, section) : `${doc.trimEnd()}\n\n${section}\n`;
  writeFileSync(out, doc);
  console.log(body.trim());
}
console.log(`wrote ${out}`);
