/**
 * Calls `onReached` when the element after the last row of a list scrolls into view, to
 * load the next page. `watch` must run again after each render: observing anew re-checks
 * an element that stayed visible because the page was too short to fill the list.
 */
export class EndOfListObserver {
  private observer: IntersectionObserver | undefined;

  constructor(private readonly onReached: () => void) {}

  watch(sentinel: Element | null): void {
    if (sentinel === null || typeof IntersectionObserver === 'undefined') return;
    this.observer ??= new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) this.onReached();
    });
    this.observer.disconnect();
    this.observer.observe(sentinel);
  }

  disconnect(): void {
    this.observer?.disconnect();
    this.observer = undefined;
  }
}
