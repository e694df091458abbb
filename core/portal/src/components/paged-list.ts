import type { Page } from '../api/types';

export type LoadState = 'idle' | 'loading' | 'loaded' | 'error';

/**
 * Keyset-paginated list state: `reload` fetches the first page, `loadMore` appends the page
 * after `next_cursor`. A reload cancels a request still in flight, so an old answer cannot
 * overwrite a newer one.
 */
export class PagedList<T> {
  items: T[] = [];
  cursor: string | null = null;
  state: LoadState = 'idle';
  loadingMore = false;
  error: unknown;
  private controller: AbortController | undefined;

  constructor(
    private readonly fetchPage: (
      cursor: string | undefined,
      signal: AbortSignal,
    ) => Promise<Page<T>>,
    private readonly changed: () => void,
  ) {}

  get hasMore(): boolean {
    return this.cursor !== null;
  }

  async reload(): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.state = 'loading';
    this.error = undefined;
    this.changed();
    try {
      const page = await this.fetchPage(undefined, controller.signal);
      if (controller.signal.aborted) return;
      this.items = page.items;
      this.cursor = page.next_cursor;
      this.state = 'loaded';
    } catch (error) {
      if (controller.signal.aborted) return;
      this.error = error;
      this.state = 'error';
    }
    this.changed();
  }

  async loadMore(): Promise<void> {
    if (this.cursor === null || this.loadingMore) return;
    const controller = this.controller ?? new AbortController();
    this.loadingMore = true;
    this.changed();
    try {
      const page = await this.fetchPage(this.cursor, controller.signal);
      if (controller.signal.aborted) return;
      this.items = [...this.items, ...page.items];
      this.cursor = page.next_cursor;
    } catch (error) {
      if (controller.signal.aborted) return;
      this.error = error;
    } finally {
      this.loadingMore = false;
      this.changed();
    }
  }

  replace(predicate: (item: T) => boolean, next: T): void {
    this.items = this.items.map((item) => (predicate(item) ? next : item));
    this.changed();
  }

  dispose(): void {
    this.controller?.abort();
  }
}
