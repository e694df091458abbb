import { isAbortError } from './client';
import type { Page } from './types';

export type PageLoader<T> = (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>;

/** Loader of a list with no items, for a feed whose real loader is not known yet. */
export async function emptyPage<T>(): Promise<Page<T>> {
  return { items: [], next_cursor: null };
}

/**
 * Appends a page to a list, dropping items already present: an item pushed live over the
 * WebSocket can also arrive in the next keyset page.
 */
export function mergePage<T extends { id: string }>(
  existing: readonly T[],
  incoming: readonly T[],
): T[] {
  const seen = new Set(existing.map((item) => item.id));
  const merged = [...existing];
  for (const item of incoming) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    merged.push(item);
  }
  return merged;
}

/**
 * A list read page by page with the API's keyset cursor (newest first). One request runs
 * at a time, and `reload` aborts the running one and ignores its late response.
 */
export class CursorFeed<T extends { id: string }> {
  items: T[] = [];
  nextCursor: string | null = null;
  loading = false;
  loaded = false;
  error: unknown = undefined;
  private controller: AbortController | undefined;
  private generation = 0;

  constructor(
    private loader: PageLoader<T>,
    private readonly onChange: () => void,
  ) {}

  /** True when the last page had a `next_cursor`. */
  get hasMore(): boolean {
    return this.loaded && this.nextCursor !== null;
  }

  /** Drops the list and loads the first page, with a new loader when filters changed. */
  reload(loader?: PageLoader<T>): Promise<void> {
    if (loader !== undefined) this.loader = loader;
    this.controller?.abort();
    this.generation += 1;
    this.items = [];
    this.nextCursor = null;
    this.loaded = false;
    this.error = undefined;
    return this.fetchPage(undefined);
  }

  /** Loads the page after the last one; does nothing while a request runs or at the end. */
  loadMore(): Promise<void> {
    if (this.loading || !this.hasMore || this.nextCursor === null) return Promise.resolve();
    return this.fetchPage(this.nextCursor);
  }

  /** Replaces the list items, for live updates. */
  setItems(items: T[]): void {
    this.items = items;
    this.onChange();
  }

  dispose(): void {
    this.generation += 1;
    this.controller?.abort();
    this.controller = undefined;
    this.loading = false;
  }

  private async fetchPage(cursor: string | undefined): Promise<void> {
    const generation = this.generation;
    const controller = new AbortController();
    this.controller = controller;
    this.loading = true;
    this.onChange();
    try {
      const page = await this.loader(cursor, controller.signal);
      if (generation !== this.generation) return;
      this.items = mergePage(this.items, page.items);
      this.nextCursor = page.next_cursor;
      this.loaded = true;
      this.error = undefined;
    } catch (error) {
      if (generation !== this.generation || isAbortError(error)) return;
      this.error = error;
    } finally {
      if (generation === this.generation) {
        this.loading = false;
        this.onChange();
      }
    }
  }
}
