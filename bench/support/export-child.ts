import { createReadStream, statSync } from 'node:fs';
import { Transform } from 'node:stream';
import { FilesystemVaultStorage, writeExport } from '../../plugins/evidence-vault/src/engine';

/**
 * Child process of the evidence export benchmark: exports the file in argv[2] into a vault
 * under argv[3] and prints one JSON line with the time and its own RSS, measured apart from
 * the benchmark runner's memory.
 */
const [source, vaultDir] = process.argv.slice(2);
if (source === undefined || vaultDir === undefined)
  throw new Error('usage: export-child <source file> <vault folder>');
const total = statSync(source).size;
const storage = new FilesystemVaultStorage(vaultDir);

const rssBefore = process.memoryUsage().rss;
let rssPeak = rssBefore;
let rssAtQuarter = 0;
const sampler = setInterval(() => {
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
}, 20);
let read = 0;
const counter = new Transform({
  transform(chunk: Buffer, _encoding, callback) {
    read += chunk.byteLength;
    if (rssAtQuarter === 0 && read >= total / 4) rssAtQuarter = process.memoryUsage().rss;
    callback(null, chunk);
  },
});

const started = performance.now();
await writeExport({
  storage,
  id: 'bench',
  date: '2026-12-04',
  source: createReadStream(source).pipe(counter),
  extension: 'mp4',
  contentType: 'video/mp4',
});
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
process.stdout.write(`${JSON.stringify({ seconds, rssBefore, rssPeak, rssAtQuarter })}\n`);
