import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { cardsSection } from './cards';
import { clipProxySection } from './clip-proxy';
import { evidenceExportSection } from './evidence-export';
import { eventsQuerySection } from './events-query';
import { idleStartSection } from './idle-start';
import { ingestSection } from './ingest';
import { renderDoc, renderTable } from './report';
import type { BenchSection, Figure } from './types';

/**
 * `npm run bench`: runs every section, prints a table, writes bench/results/latest.json and
 * the table in docs/benchmarks.md. Every figure is a ratio against a baseline measured in the
 * same run on the same machine. `BENCH_ONLY=name,name` runs some sections and leaves
 * docs/benchmarks.md alone. A section that fails or runs past its time limit becomes an error
 * row, and the other sections still run.
 */
const SECTIONS: BenchSection[] = [
  ingestSection,
  eventsQuerySection,
  clipProxySection,
  evidenceExportSection,
  idleStartSection,
  cardsSection,
];

const SECTION_TIMEOUT_MS = Number(process.env.BENCH_SECTION_TIMEOUT_S ?? 240) * 1000;

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',');
  const figures: Figure[] = [];
  const loadBefore = loadavg()[0] ?? 0;
  const runStarted = performance.now();
  for (const section of SECTIONS) {
    if (only !== undefined && !only.includes(section.name)) continue;
    process.stdout.write(`running ${section.name}...\n`);
    const started = performance.now();
    try {
      figures.push(...(await withTimeout(section)));
    } catch (error) {
      figures.push(errorFigure(section.name, error));
    }
    process.stdout.write(
      `  ${section.name} took ${Math.round((performance.now() - started) / 1000)} s\n`,
    );
  }
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const machine = `${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${process.platform}`;
  const load = `load average ${loadBefore.toFixed(1)} at start, ${(loadavg()[0] ?? 0).toFixed(1)} at end`;
  const date = new Date().toISOString();
  const seconds = Math.round((performance.now() - runStarted) / 1000);
  const table = renderTable(figures);
  process.stdout.write(`\n${machine}\n${date} (${load}, ${seconds} s)\n\n${table}\n`);
  const root = join(import.meta.dirname, '..');
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(
    join(root, 'bench/results/latest.json'),
    `${JSON.stringify({ machine, date, load, seconds, figures }, null, 2)}\n`,
  );
  if (only === undefined)
    writeFileSync(
      join(root, 'docs/benchmarks.md'),
      renderDoc({ machine, date, load, seconds, table }),
    );
}

/** Run a section, rejecting after SECTION_TIMEOUT_MS so one hung section cannot stall the run. */
function withTimeout(section: BenchSection): Promise<Figure[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`did not finish within ${SECTION_TIMEOUT_MS / 1000} s`)),
      SECTION_TIMEOUT_MS,
    );
  });
  return Promise.race([section.run(), timeout]).finally(() => clearTimeout(timer));
}

function errorFigure(section: string, error: unknown): Figure {
  return {
    section,
    name: 'error',
    value: 0,
    unit: '',
    baseline: '',
    baselineValue: 0,
    ratio: 0,
    met: false,
    note: (error as Error).message ?? String(error),
  };
}

await main();
// A section that timed out may still hold sockets or child processes open.
process.exit(0);
