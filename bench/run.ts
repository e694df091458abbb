import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { evidenceExportSection } from './evidence-export';
import type { BenchSection, Figure } from './types';

/**
 * `npm run bench`: runs every section, prints a table, writes bench/results/latest.json and
 * the table in docs/benchmarks.md. Every figure is a ratio against a baseline measured in the
 * same run on the same machine. `BENCH_ONLY=name,name` runs some sections.
 */
const SECTIONS: BenchSection[] = [evidenceExportSection];

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',');
  const figures: Figure[] = [];
  for (const section of SECTIONS) {
    if (only !== undefined && !only.includes(section.name)) continue;
    process.stdout.write(`running ${section.name}...\n`);
    try {
      figures.push(...(await section.run()));
    } catch (error) {
      figures.push({
        section: section.name,
        name: 'failed',
        value: 0,
        unit: '',
        baseline: '',
        baselineValue: 0,
        ratio: 0,
        met: false,
        note: (error as Error).message,
      });
    }
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const date = new Date().toISOString();
  const table = renderTable(figures);
  process.stdout.write(`\n${machine}\n${date}\n\n${table}\n`);
  const root = join(import.meta.dirname, '..');
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/latest.json'), JSON.stringify({ machine, date, figures }, null, 2));
  if (only === undefined) writeFileSync(join(root, 'docs/benchmarks.md'), renderDoc(machine, date, table));
}

function renderTable(figures: Figure[]): string {
  const rows = figures.map((f) =>
    [f.section, f.name, `${f.value} ${f.unit}`, `${f.baselineValue} ${f.unit} (${f.baseline})`, `${f.ratio}x`, f.target ?? '', f.met === undefined ? '' : f.met ? 'met' : 'MISSED', f.note ?? ''].join(' | '),
  );
  return ['| section | figure | value | baseline | ratio | target | result | note |', '| --- | --- | --- | --- | --- | --- | --- | --- |', ...rows.map((r) => `| ${r} |`)].join('\n');
}

function renderDoc(machine: string, date: string, table: string): string {
  return `# Benchmarks

Written by \`npm run bench\`; the raw figures are in \`bench/results/latest.json\`. Each figure
is compared with a baseline measured in the same run on the same machine, so the ratio carries
over between machines better than the absolute value. A ratio above 1 is better than the
baseline.

Machine: ${machine}. Date: ${date}.

${table}
`;
}

await main();
