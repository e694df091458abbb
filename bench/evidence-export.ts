import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FilesystemVaultStorage, writeExport } from '../plugins/evidence-vault/src/engine';
import { ratioOf, type BenchSection, type Figure } from './types';

const SIZE_MB = Number(process.env.BENCH_EXPORT_MB ?? 500);

/**
 * Evidence export: hashing and writing a clip into the vault against `sha256sum` reading the
 * same file, and the memory growth while exporting it.
 */
export const evidenceExportSection: BenchSection = {
  name: 'evidence export',
  async run(): Promise<Figure[]> {
    const dir = mkdtempSync(join(tmpdir(), 'centinela-bench-export-'));
    try {
      const source = join(dir, 'clip.mp4');
      execFileSync('sh', ['-c', `head -c ${SIZE_MB * 1024 * 1024} /dev/urandom > ${source}`]);
      // Read once so both measurements start from the page cache.
      execFileSync('cat', [source], { stdio: ['ignore', 'ignore', 'inherit'] });

      const baselineStart = performance.now();
      execFileSync('sha256sum', [source], { stdio: ['ignore', 'ignore', 'inherit'] });
      const baselineSeconds = (performance.now() - baselineStart) / 1000;

      const storage = new FilesystemVaultStorage(join(dir, 'vault'));
      const rssBefore = process.memoryUsage().rss;
      let rssPeak = rssBefore;
      const sampler = setInterval(() => {
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      }, 20);
      const start = performance.now();
      await writeExport({
        storage,
        id: 'bench',
        date: '2026-12-04',
        source: createReadStream(source, { highWaterMark: 1024 * 1024 }),
        extension: 'mp4',
        contentType: 'video/mp4',
      });
      const seconds = (performance.now() - start) / 1000;
      clearInterval(sampler);

      const mbps = SIZE_MB / seconds;
      const baselineMbps = SIZE_MB / baselineSeconds;
      const growthMb = (rssPeak - rssBefore) / 1024 / 1024;
      const ratio = ratioOf(mbps, baselineMbps, true);
      return [
        {
          section: 'evidence export',
          name: `hash and write ${SIZE_MB} MB`,
          value: Number(mbps.toFixed(1)),
          unit: 'MB/s',
          baseline: 'sha256sum reading the same file',
          baselineValue: Number(baselineMbps.toFixed(1)),
          ratio: Number(ratio.toFixed(2)),
          target: '>= 0.8x',
          met: ratio >= 0.8,
          note: 'the export also writes the file and fsyncs it; sha256sum only reads',
        },
        {
          section: 'evidence export',
          name: `RSS growth exporting ${SIZE_MB} MB`,
          value: Number(growthMb.toFixed(1)),
          unit: 'MB',
          baseline: 'file size',
          baselineValue: SIZE_MB,
          ratio: Number(ratioOf(growthMb, SIZE_MB, false).toFixed(1)),
          target: 'flat (< 32 MB)',
          met: growthMb < 32,
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
