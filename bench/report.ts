import type { Figure } from './types';

export interface RunInfo {
  machine: string;
  date: string;
  load: string;
  seconds: number;
  table: string;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Renders the figures as a Markdown table, with the ratio always "higher is better". */
export function renderTable(figures: Figure[]): string {
  const rows = figures.map((f) => {
    let result = '';
    if (f.met !== undefined) result = f.met ? 'met' : 'MISSED';
    const value = f.name === 'error' ? 'error' : `${f.value} ${f.unit}`;
    const baseline = f.name === 'error' ? '' : `${f.baselineValue} ${f.unit} (${f.baseline})`;
    const ratio = f.name === 'error' ? '' : `${f.ratio}x`;
    return `| ${[f.section, f.name, value, baseline, ratio, f.target ?? '', result, f.note ?? ''].map(cell).join(' | ')} |`;
  });
  return [
    '| section | figure | value | baseline | ratio | target | result | note |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** docs/benchmarks.md: how each section measures, then the table of the latest run. */
export function renderDoc(run: RunInfo): string {
  return `# Benchmarks

Written by \`npm run bench\` (\`bench/run.ts\`); the raw figures are in
\`bench/results/latest.json\`. Each figure is compared with a baseline measured in the same run
on the same machine, so the ratio carries over between machines better than the absolute value.
The ratio is always "higher is better": value / baseline for rates, baseline / value for times
and sizes. \`BENCH_ONLY="ingest,events query"\` runs some sections without rewriting this page.
A section that fails is written as an \`error\` row with the reason, and the others still run.

The run needs PostgreSQL on 127.0.0.1:5432 and Mosquitto on 127.0.0.1:1883 (the same servers
as the tests), ffmpeg and Chromium from Debian, and about 2 GB free in the temp folder.
The core runs as in the container image: \`node --import tsx core/src/cli/main.ts start\` with
every builtin plugin, in a child process of its own, so its memory is measured apart from the
benchmark's clients. Each section uses a scratch database that it drops at the end.

## Sections

- **ingest**: Frigate-shaped \`new\` messages (about 1.3 KB) published at QoS 1 to Mosquitto,
  stored by the frigate-events plugin in PostgreSQL and received on \`/api/ws\` (subscribed to
  \`events:<site>\`). The sustained rate keeps 500 messages in flight (under Mosquitto's default
  queue of 1000 per client) and sends 10,000; the latency run sends 200 events/s for 10 s and
  times each event from publish to WebSocket message. Baselines: a bare mqtt.js publisher and
  subscriber through the same broker with the same window or rate, batched INSERTs of the same
  rows with pg (500 per statement) for the rate, and one-row INSERTs with a commit each at
  200/s for the latency.
- **events query**: one million events bulk-loaded with \`generate_series\` (four cameras, five
  labels, one event every 2.5 s), then 300 pages of 50 filtered by camera, label and
  \`has_clip\`, nine in ten starting at a cursor at a random event. Each page is asked through
  \`GET /api/events\` (Bearer token, keep-alive) and as the same SQL through pg, alternating,
  after 30 warm-up pairs.
- **clip proxy**: a 1 GB clip served by the Frigate simulator, downloaded through
  \`GET /api/events/{id}/clip\` and straight from the simulator with undici, best of two
  rounds each. The core's RSS is sampled every 25 ms while it streams.
- **evidence export**: a 500 MB file hashed and written into the vault by the export engine in
  a child process, against \`sha256sum\` reading the same file from the page cache. RSS is
  read before, at a quarter of the file and at its peak.
- **idle and start**: the core with every builtin plugin on PostgreSQL, Mosquitto and the
  Frigate simulator: time from spawn to the printed portal URL on an empty database and again
  on the migrated one, and RSS after 10 s idle, against a bare Fastify 5 server in the same
  Node started the same way.
- **cards**: the cards bundle built with the release options and gzipped, against Lit alone
  built with the same options; the events card rendering 200 events in Debian's Chromium,
  against 200 plain rows inserted with \`innerHTML\` in the same page.

## Latest run

Machine: ${run.machine}. Date: ${run.date}. ${run.load[0]?.toUpperCase()}${run.load.slice(1)}; the run took ${run.seconds} s.
A load average above the core count means other work shared the machine and the figures are
pessimistic.

${run.table}
`;
}
