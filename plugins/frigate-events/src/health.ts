import type { CheckResult } from '@centinela/core';
import type { FrigateEventsService } from './service';

/** Check that Frigate responds to `GET /api/version` on every site where the plugin runs. */
export async function frigateHealth(service: FrigateEventsService): Promise<CheckResult> {
  const runtimes = service.running().filter((runtime) => runtime.client !== null);
  if (runtimes.length === 0) return { state: 'disabled', detail: 'no site has a Frigate URL' };
  const results = await Promise.all(
    runtimes.map(async (runtime) => {
      try {
        const version = await runtime.requireClient().version();
        return { up: true, detail: `${runtime.siteId}: Frigate ${version.raw}` };
      } catch (error) {
        return { up: false, detail: `${runtime.siteId}: ${(error as Error).message}` };
      }
    }),
  );
  return {
    state: results.every((result) => result.up) ? 'up' : 'down',
    detail: results.map((result) => result.detail).join('; '),
  };
}
