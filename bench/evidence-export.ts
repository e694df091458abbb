import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './support/core-process';
import { ratioOf, round, type BenchSection, type Figure } from './types';

const SIZE_MB = Number(process.env.BENCH_EXPORT_MB ?? 500);

interface ChildResult {
  seconds: number;
  rssBefore: number;
  rssPeak: number;
  rssAtQuarter: number;
}

/**
 * Evidence export: hashing and writing a clip into the vault against `sha256sum` reading the
 * same file, and the memory growth while exporting it, measured in a child process of its own.
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

      const output = execFileSync(
        process.execPath,
        ['--import', 'tsx', 'bench/support/export-child.ts', source, join(dir, 'vault')],
        {
          cwd: REPO_ROOT,
          encoding: 'utf8',
        },
      );
      const result = JSON.parse(output.trim().split('\n').pop() ?? '{}') as ChildResult;

      const mbps = SIZE_MB / result.seconds;
      const baselineMbps = SIZE_MB / baselineSeconds;
      const growthMb = (result.rssPeak - result.rssBefore) / 2 ** 20;
      const lateGrowthMb = (result.rssPeak - result.rssAtQuarter) / 2 ** 20;
      const ratio = ratioOf(mbps, baselineMbps, true);
      return [
        {
          section: 'evidence export',
          name: `hash and write ${SIZE_MB} MB`,
          value: round(mbps, 1),
          unit: 'MB/s',
          baseline: 'sha256sum reading the same file',
          baselineValue: round(baselineMbps, 1),
          ratio: round(ratio, 2),
          target: '>= 0.8x',
          met: ratio >= 0.8,
          note: 'the export also writes the file and fsyncs it; sha256sum only reads',
        },
        {
          section: 'evidence export',
          name: `RSS growth exporting ${SIZE_MB} MB`,
          value: round(growthMb, 1),
          unit: 'MB',
          baseline: 'file size',
          baselineValue: SIZE_MB,
          ratio: round(ratioOf(growthMb, SIZE_MB, false), 1),
          target: '< 32 MB',
          met: growthMb < 32,
          note: 'peak over the RSS before the export started',
        },
        {
          section: 'evidence export',
          name: `RSS growth over the last ${Math.round(SIZE_MB * 0.75)} MB`,
          value: round(lateGrowthMb, 1),
          unit: 'MB',
          baseline: 'data exported in that span',
          baselineValue: Math.round(SIZE_MB * 0.75),
          ratio: round(ratioOf(Math.max(lateGrowthMb, 0.1), SIZE_MB * 0.75, false), 1),
          target: 'flat (< 8 MB)',
          met: lateGrowthMb < 8,
          note: 'from the RSS at a quarter of the file to the peak; flat means memory does not follow file size',
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
