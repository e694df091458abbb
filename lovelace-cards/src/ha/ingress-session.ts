import type { HomeAssistant } from './types';

export const INGRESS_PREFIX = '/api/hassio_ingress/';
/** Renewal period; the Supervisor drops sessions that are not validated in time. */
const RENEW_MS = 60_000;

export function isIngressPath(url: string | undefined): boolean {
  return url !== undefined && url.startsWith(INGRESS_PREFIX);
}

interface SessionResult {
  session: string;
}

// TODO: unverified against a real Home Assistant: whether a non-admin user may call
// `supervisor/api` `/ingress/session` from a dashboard card, and how long a session lives
// without `/ingress/validate_session` (60 s renewal is a guess). This is what Home
// Assistant's frontend does when an add-on panel is opened; the ingress token in `url`
// also changes if the add-on is reinstalled.
async function createSession(hass: HomeAssistant): Promise<string> {
  const result = await hass.callWS<SessionResult>({
    type: 'supervisor/api',
    endpoint: '/ingress/session',
    method: 'post',
  });
  return result.session;
}

function writeCookie(session: string): void {
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `ingress_session=${encodeURIComponent(session)}; path=${INGRESS_PREFIX}; SameSite=Strict${secure}`;
}

/**
 * One ingress session per page, shared by all cards that use an ingress path as `url`, so
 * that one card cannot overwrite the cookie of another with a session it later stops
 * renewing.
 */
class IngressSessionKeeper {
  private users = 0;
  private session: string | undefined;
  private opening: Promise<void> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private hass: HomeAssistant | undefined;

  async acquire(hass: HomeAssistant): Promise<() => void> {
    this.users += 1;
    this.hass = hass;
    this.opening ??= this.open();
    try {
      await this.opening;
    } catch (error) {
      this.opening = undefined;
      console.warn('Centinela cards: failed to open an ingress session:', error);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release();
    };
  }

  private async open(): Promise<void> {
    const hass = this.hass;
    if (hass === undefined) return;
    this.session = await createSession(hass);
    writeCookie(this.session);
    this.timer ??= setInterval(() => void this.renew(), RENEW_MS);
  }

  private async renew(): Promise<void> {
    const hass = this.hass;
    if (hass === undefined || this.session === undefined) return;
    try {
      await hass.callWS({
        type: 'supervisor/api',
        endpoint: '/ingress/validate_session',
        method: 'post',
        data: { session: this.session },
      });
    } catch {
      this.session = await createSession(hass).catch(() => undefined);
      if (this.session !== undefined) writeCookie(this.session);
    }
  }

  private release(): void {
    this.users -= 1;
    if (this.users > 0) return;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.opening = undefined;
  }
}

const keeper = new IngressSessionKeeper();

/** Opens (or joins) the page's ingress session; call the returned function when done. */
export function acquireIngressSession(hass: HomeAssistant): Promise<() => void> {
  return keeper.acquire(hass);
}
