import { fixtureEvents } from '../test/browser/harness/api-fixtures';
import { startCardHarness } from '../test/browser/harness';

export interface RenderTiming {
  /** Milliseconds from `setConfig` until 200 event rows are in the DOM and laid out. */
  ms: number;
}

/**
 * Renders the events card with one 200-event page in Debian's Chromium (headless, served
 * by the fake API on 127.0.0.1) and returns the time measured inside the page. The time
 * includes the `/api/events` request on loopback but no thumbnail decoding, because the
 * thumbnails load lazily.
 */
export async function measureRender200(): Promise<RenderTiming> {
  const harness = await startCardHarness();
  try {
    harness.api.events = fixtureEvents(harness.api.now, 250);
    const page = await harness.openPage();
    const ms = await page.evaluate(async () => {
      const start = performance.now();
      const card = document.createElement('centinela-events-card') as HTMLElement & {
        setConfig(config: unknown): void;
      };
      card.setConfig({
        type: 'custom:centinela-events-card',
        limit: 200,
        max_height: 4000,
        time_range: 'all',
      });
      document.getElementById('root')!.append(card);
      // No named helper functions in here: tsx would wrap them in a `__name` call that does
      // not exist in the page.
      while ((card.shadowRoot?.querySelectorAll('centinela-event-list-item').length ?? 0) < 200) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      // Wait for the last row's own render, then force layout so the time includes it.
      const items = card.shadowRoot!.querySelectorAll('centinela-event-list-item');
      await (items[items.length - 1] as HTMLElement & { updateComplete: Promise<boolean> })
        .updateComplete;
      card.getBoundingClientRect();
      return performance.now() - start;
    });
    return { ms };
  } finally {
    await harness.close();
  }
}
