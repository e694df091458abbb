import { LitElement, html, type PropertyValues, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { CentinelaClient } from '../api/client';
import { watchedEntitiesChanged } from '../ha/entities';
import { acquireIngressSession, isIngressPath } from '../ha/ingress-session';
import type { HomeAssistant } from '../ha/types';
import { localize, resolveLanguage, type Language } from '../i18n';
import './status-message';

/** Options both cards share for reaching the Centinela API. */
export interface ConnectionConfig {
  title?: string;
  url?: string;
  token?: string;
  site_id?: string;
}

/**
 * Lovelace card contract shared by the cards: validated `setConfig`, a `hass` setter that
 * re-renders only when a watched entity changed, and a start/stop life cycle that runs
 * while the card is attached, configured and has somewhere to load data from.
 */
export abstract class CentinelaCardBase<C extends ConnectionConfig> extends LitElement {
  @state() protected config: C | undefined;
  @state() protected configError: string | undefined;
  protected client: CentinelaClient | undefined;
  private hassValue: HomeAssistant | undefined;
  private runningKey: string | undefined;
  private releaseIngress: (() => void) | undefined;

  protected abstract validateConfig(input: unknown): C;
  protected abstract watchedEntityIds(): string[];
  /** Starts loading and live updates; `this.client` is set. */
  protected abstract start(): void;
  /** Stops requests, timers, observers and sockets. */
  protected abstract stop(): void;

  get hass(): HomeAssistant | undefined {
    return this.hassValue;
  }

  set hass(hass: HomeAssistant | undefined) {
    const previous = this.hassValue;
    this.hassValue = hass;
    if (hass === undefined) return;
    if (!watchedEntitiesChanged(previous, hass, this.watchedEntityIds())) return;
    this.requestUpdate();
    this.hassChanged(previous);
  }

  /** Called after `hass` changed in a watched entity, the language or the theme. */
  protected hassChanged(_previous: HomeAssistant | undefined): void {}

  setConfig(input: unknown): void {
    let config: C;
    try {
      config = this.validateConfig(input);
    } catch (error) {
      this.config = undefined;
      this.configError = error instanceof Error ? error.message : String(error);
      this.syncRunning();
      throw error;
    }
    this.config = config;
    this.configError = undefined;
  }

  protected get language(): Language {
    return resolveLanguage(this.hassValue);
  }

  /**
   * Inside Home Assistant (a `hass` object is set) a missing `url` cannot mean the page's
   * own origin, because that is Home Assistant and not Centinela.
   */
  protected get needsUrl(): boolean {
    return (
      this.config !== undefined && this.config.url === undefined && this.hassValue !== undefined
    );
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.syncRunning();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.syncRunning();
  }

  /** Starts, restarts or stops data loading to match the attachment and the config. */
  private syncRunning(): void {
    const config = this.config;
    const wanted = this.isConnected && config !== undefined && !this.needsUrl;
    const key = wanted ? JSON.stringify(config) : undefined;
    if (key === this.runningKey) return;
    if (this.runningKey !== undefined) {
      this.stop();
      this.client = undefined;
      this.releaseIngress?.();
      this.releaseIngress = undefined;
    }
    this.runningKey = key;
    if (key === undefined || config === undefined) return;
    this.client = new CentinelaClient({
      baseUrl: config.url ?? '',
      ...(config.token !== undefined ? { token: config.token } : {}),
      ...(config.site_id !== undefined ? { siteId: config.site_id } : {}),
    });
    const hass = this.hassValue;
    if (isIngressPath(config.url) && config.token === undefined && hass !== undefined) {
      // Requests through an ingress path need the Supervisor's `ingress_session` cookie.
      void acquireIngressSession(hass).then((release) => {
        if (this.runningKey !== key) {
          release();
          return;
        }
        this.releaseIngress = release;
        this.start();
      });
      return;
    }
    this.start();
  }

  /** Returns the status to show instead of content, or undefined when the card can render data. */
  protected renderSetupStatus(): TemplateResult | undefined {
    if (this.configError !== undefined) {
      return html`<centinela-status-message
        kind="error"
        .language=${this.language}
        .message=${localize('card.config_error', this.language)}
        .detail=${this.configError}
      ></centinela-status-message>`;
    }
    if (this.needsUrl) {
      return html`<centinela-status-message
        kind="empty"
        .language=${this.language}
        .message=${localize('card.not_configured', this.language)}
      ></centinela-status-message>`;
    }
    return undefined;
  }

  /** Error text for a failed load, with the server's problem detail when there is one. */
  protected describeError(error: unknown): string {
    if (error instanceof Error) return error.message;
    return String(error);
  }
}
