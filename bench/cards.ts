import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { measureBundle } from '../lovelace-cards/bench/bundle-size';
import { measureRender200 } from '../lovelace-cards/bench/render-200';
import { bundleOptions } from '../lovelace-cards/build/options';
import { startCardHarness } from '../lovelace-cards/test/browser/harness';
import { ratioOf, round, type BenchSection, type Figure } from './types';

/**
 * Lovelace cards: gzipped bundle size against Lit alone bundled with the same options, and
 * the time to render 200 events in Chromium against 200 plain rows built with innerHTML in
 * the same page.
 */
export const cardsSection: BenchSection = {
  name: 'cards',
  async run(): Promise<Figure[]> {
    const bundle = await measureBundle();
    const litGzip = await litAloneGzipBytes();
    const render = await measureRender200();
    const plainMs = await plainRowsMs();
    return [
      {
        section: 'cards',
        name: 'bundle size, gzipped',
        value: round(bundle.gzipBytes / 1024, 1),
        unit: 'KiB',
        baseline: 'Lit alone, same esbuild options',
        baselineValue: round(litGzip / 1024, 1),
        ratio: round(ratioOf(bundle.gzipBytes, litGzip, false), 2),
        note: `${round(bundle.bytes / 1024, 1)} KiB minified`,
      },
      {
        section: 'cards',
        name: 'render 200 events in Chromium',
        value: round(render.ms, 1),
        unit: 'ms',
        baseline: '200 plain rows via innerHTML in the same page',
        baselineValue: round(plainMs, 1),
        ratio: round(ratioOf(render.ms, plainMs, false), 2),
        note: 'includes the /api/events request on loopback',
      },
    ];
  },
};

async function litAloneGzipBytes(): Promise<number> {
  const { entryPoints: _unused, ...options } = bundleOptions();
  void _unused;
  const result = await build({
    ...options,
    stdin: {
      contents: "export * from 'lit';",
      resolveDir: new URL('../lovelace-cards/', import.meta.url).pathname,
      loader: 'ts',
    },
    write: false,
    outfile: 'lit-alone.js',
  });
  const output = result.outputFiles?.[0];
  if (output === undefined) throw new Error('esbuild produced no output for Lit alone');
  return gzipSync(output.contents).byteLength;
}

/** 200 rows with the texts an event row shows, built and laid out in one go. */
async function plainRowsMs(): Promise<number> {
  const harness = await startCardHarness();
  try {
    const page = await harness.openPage();
    return await page.evaluate(() => {
      const start = performance.now();
      const rows: string[] = [];
      for (let index = 0; index < 200; index += 1) {
        rows.push(
          `<li><img alt="" width="64" height="36"><span>Person</span><span>driveway</span><time>12:${String(index % 60).padStart(2, '0')}</time><span>84%</span></li>`,
        );
      }
      const list = document.createElement('ul');
      list.innerHTML = rows.join('');
      document.getElementById('root')!.append(list);
      list.getBoundingClientRect();
      return performance.now() - start;
    });
  } finally {
    await harness.close();
  }
}
