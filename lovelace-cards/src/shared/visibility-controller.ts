import type { ReactiveController, ReactiveControllerHost } from 'lit';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Tracks whether the host element is on screen and the page is shown, so that cards load
 * and refresh images only while someone can see them.
 */
export class VisibilityController implements ReactiveController {
  visible = false;
  private intersecting = false;
  private observer: IntersectionObserver | undefined;
  private readonly onVisibilityChange = () => this.update();

  constructor(
    private readonly host: Host,
    private readonly onChange: (visible: boolean) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    if (typeof IntersectionObserver === 'undefined') {
      this.intersecting = true;
      this.update();
      return;
    }
    this.observer = new IntersectionObserver((entries) => {
      const latest = entries[entries.length - 1];
      if (latest === undefined) return;
      this.intersecting = latest.isIntersecting;
      this.update();
    });
    this.observer.observe(this.host);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    this.observer?.disconnect();
    this.observer = undefined;
    this.intersecting = false;
    this.update();
  }

  private update(): void {
    const visible = this.intersecting && document.visibilityState !== 'hidden';
    if (visible === this.visible) return;
    this.visible = visible;
    this.onChange(visible);
    this.host.requestUpdate();
  }
}
