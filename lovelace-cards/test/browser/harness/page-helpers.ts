import type { Page } from 'playwright-core';
import type {
  HassEntities,
  HassEntity,
  HomeAssistant,
  LovelaceGridOptions,
} from '../../../src/ha/types';

export interface RecordedHassCall {
  kind: string;
  [key: string]: unknown;
}

/** A card or editor element as the tests drive it. */
export interface TestCard extends HTMLElement {
  setConfig(config: unknown): void;
  hass: HomeAssistant | undefined;
  updateComplete: Promise<boolean>;
  getCardSize(): number;
  getGridOptions(): LovelaceGridOptions;
  render(): unknown;
}

declare global {
  interface Window {
    hassCalls: RecordedHassCall[];
    createHass(states: HassEntities, options?: { language?: string }): HomeAssistant;
    withState(hass: HomeAssistant, entityId: string, changes: Partial<HassEntity>): HomeAssistant;
    renderCount?: number;
  }
}

export interface MountOptions {
  tag: string;
  id: string;
  config: Record<string, unknown>;
  /** Assign a stub `hass` with these states; omit to mount the card as the portal does. */
  states?: HassEntities;
  language?: string;
  /** Inline style of a wrapper element, such as a margin that pushes the card off screen. */
  wrapperStyle?: string;
}

/** Creates a card in the page, configures it, optionally assigns `hass`, and waits for render. */
export async function mountCard(page: Page, options: MountOptions): Promise<void> {
  await page.evaluate(async (mount) => {
    const card = document.createElement(mount.tag) as TestCard;
    card.id = mount.id;
    card.setConfig(mount.config);
    if (mount.states !== undefined) {
      card.hass = window.createHass(
        mount.states,
        mount.language !== undefined ? { language: mount.language } : {},
      );
    }
    const wrapper = document.createElement('div');
    if (mount.wrapperStyle !== undefined) wrapper.setAttribute('style', mount.wrapperStyle);
    wrapper.append(card);
    document.getElementById('root')!.append(wrapper);
    await card.updateComplete;
  }, options);
}

/** Runs axe-core on the page and returns the serious and critical violations. */
export async function seriousViolations(
  page: Page,
): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  await page.addScriptTag({ url: '/axe.min.js' });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<AxeResults> } }).axe;
    const results = await axe.run(document);
    return results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? '',
        nodes: violation.nodes.map(
          (node) => `${JSON.stringify(node.target)} ${node.failureSummary ?? ''}`,
        ),
      }));
  });
}

interface AxeResults {
  violations: {
    id: string;
    impact?: string | null;
    nodes: { target: unknown; failureSummary?: string }[];
  }[];
}

/** Polls until `predicate` holds, for conditions the page reaches asynchronously. */
export async function waitFor<T>(
  read: () => Promise<T>,
  predicate: (value: T) => boolean,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 10_000;
  let value = await read();
  while (!predicate(value)) {
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}
