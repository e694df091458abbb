import { LitElement, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { PortalHttp } from './api/http';
import { ApiError, describeError } from './api/problem';
import type { CurrentUser, Page, Site } from './api/types';
import { basePathFrom } from './base-path';
import './components/language-select';
import './components/state-view';
import type { PortalContext } from './context';
import {
  LANGUAGE_STORAGE_KEY,
  initialLanguage,
  t,
  type Language,
  type TranslationKey,
} from './i18n';
import { parseRoute, routeHref, type Route } from './router';
import { renderShell, shellStyles } from './shell';
import { portalStyles } from './styles/theme';
import './views/login-view';
import type { LoginStep } from './views/login-view';

const SITE_STORAGE_KEY = 'centinela.site';

type Phase = 'starting' | 'signed-out' | 'ready' | 'failed';

/** Root element: session check, sign-in, navigation and the current screen. */
export class CentinelaPortal extends LitElement {
  static override styles = [portalStyles, shellStyles];

  @state() phase: Phase = 'starting';
  @state() language: Language;
  @state() route: Route = parseRoute(location.hash);
  @state() context: PortalContext | undefined;
  @state() loginStep: LoginStep = 'credentials';
  @state() notice = '';
  @state() failure = '';
  readonly http: PortalHttp;

  constructor() {
    super();
    this.http = new PortalHttp(basePathFrom(document.baseURI));
    this.http.onSessionLost = () => this.sessionLost();
    this.language = initialLanguage(
      readStorage(LANGUAGE_STORAGE_KEY),
      navigator.languages ?? [navigator.language],
    );
    this.applyLanguage();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHashChange);
    this.addEventListener('language-change', this.onLanguageChange as EventListener);
    void this.start();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.onHashChange);
    this.removeEventListener('language-change', this.onLanguageChange as EventListener);
    super.disconnectedCallback();
  }

  tr(key: TranslationKey): string {
    return t(key, this.language);
  }

  /** Loads the signed-in user, or shows the login screen when there is no session. */
  async start(): Promise<void> {
    this.phase = 'starting';
    try {
      const user = await this.http.get<CurrentUser>('/api/auth/me');
      await this.enter(user);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        this.phase = 'signed-out';
        return;
      }
      this.failure =
        error instanceof ApiError && error.status === 0
          ? this.tr('error.network')
          : describeError(error);
      this.phase = 'failed';
    }
  }

  private async enter(user: CurrentUser): Promise<void> {
    if (user.must_change_password === true) {
      this.loginStep = 'password';
      this.phase = 'signed-out';
      return;
    }
    const sites = await this.loadSites(user);
    const stored = readStorage(SITE_STORAGE_KEY);
    const siteId = sites.find((site) => site.id === stored)?.id ?? sites[0]?.id;
    this.http.siteId = siteId;
    this.context = { http: this.http, lang: this.language, user, sites, siteId };
    this.notice = '';
    this.loginStep = 'credentials';
    this.phase = 'ready';
    // The API rejects the requests of every other screen with 403 until TOTP is set up.
    if (user.mfa_enrollment_required === true && this.route.name !== 'account') {
      location.hash = routeHref('account');
    }
  }

  /** Sites of the signed-in user; none while a required TOTP enrollment is pending. */
  private async loadSites(user: CurrentUser): Promise<Site[]> {
    if (user.mfa_enrollment_required === true) return [];
    return this.http
      .get<Page<Site>>('/api/sites')
      .then((page) => page.items)
      .catch(() => [] as Site[]);
  }

  private sessionLost(): void {
    if (this.phase !== 'ready') return;
    this.notice = this.tr('login.session_ended');
    this.context = undefined;
    this.phase = 'signed-out';
  }

  async signOut(): Promise<void> {
    try {
      await this.http.post('/api/auth/logout', {});
    } catch {
      // The cookies expire on their own; the login screen is shown either way.
    }
    this.context = undefined;
    this.notice = '';
    this.loginStep = 'credentials';
    this.phase = 'signed-out';
  }

  selectSite(siteId: string): void {
    if (this.context === undefined) return;
    writeStorage(SITE_STORAGE_KEY, siteId);
    this.http.siteId = siteId;
    this.context = { ...this.context, siteId };
  }

  /** Re-reads the signed-in user, for example after MFA was turned on, and the sites if none were known. */
  async refreshUser(): Promise<void> {
    if (this.context === undefined) return;
    const user = await this.http.get<CurrentUser>('/api/auth/me');
    if (this.context === undefined) return;
    let { sites, siteId } = this.context;
    const unchanged = JSON.stringify(user) === JSON.stringify(this.context.user);
    if (unchanged && sites.length > 0) return;
    if (sites.length === 0) {
      sites = await this.loadSites(user);
      siteId = sites[0]?.id;
      this.http.siteId = siteId;
    }
    this.context = { ...this.context, user, sites, siteId };
  }

  protected override render() {
    switch (this.phase) {
      case 'starting':
        return html`<cen-state kind="loading" .message=${this.tr('app.loading')}></cen-state>`;
      case 'failed':
        return html`<cen-state
          kind="error"
          .message=${this.tr('app.failed')}
          .detail=${this.failure}
          .retryLabel=${this.tr('common.retry')}
          @retry=${() => void this.start()}
        ></cen-state>`;
      case 'signed-out':
        return html`<cen-login
          .http=${this.http}
          .language=${this.language}
          .step=${this.loginStep}
          .notice=${this.notice}
          @signed-in=${this.onSignedIn}
        ></cen-login>`;
      case 'ready':
        return this.context === undefined ? nothing : renderShell(this, this.context);
    }
  }

  private async onSignedIn(): Promise<void> {
    this.phase = 'starting';
    await this.start();
  }

  protected override updated(): void {
    const title =
      this.phase === 'ready' ? this.tr(`nav.${this.route.name}`) : this.tr('login.title');
    document.title = `${title} · Centinela`;
  }

  private readonly onHashChange = (): void => {
    this.route = parseRoute(location.hash);
    // Each screen change re-reads the user through the portal's client, so that a session
    // ended elsewhere (account disabled, password reset) shows the login screen, and a new
    // role changes the navigation. The shared cards use their own client and only show an
    // error when their requests fail.
    if (this.phase === 'ready') void this.refreshUser().catch(() => undefined);
    // Start the new screen at its top and move focus there for keyboard and screen reader
    // users. Focusing with scrolling would tuck the heading under the phone's sticky top bar.
    window.scrollTo(0, 0);
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('#main')?.focus({ preventScroll: true }),
    );
  };

  private readonly onLanguageChange = (event: CustomEvent<Language>): void => {
    this.language = event.detail;
    writeStorage(LANGUAGE_STORAGE_KEY, this.language);
    this.applyLanguage();
    if (this.context !== undefined) this.context = { ...this.context, lang: this.language };
  };

  private applyLanguage(): void {
    document.documentElement.lang = this.language;
  }
}

function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStorage(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private browsing can refuse storage; the choice then lasts until the page is reloaded.
  }
}

customElements.define('centinela-portal', CentinelaPortal);
