import { css, html, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
import type { Page, PluginInfo, SitePlugin } from '../api/types';
import '../components/state-view';
import { properties } from '../schema-form/schema';
import { portalStyles } from '../styles/theme';
import './plugin-config';
import { PortalView } from './portal-view';
import './remove-plugin-dialog';
import type { CenRemovePluginDialog } from './remove-plugin-dialog';

/** Checks whether the plugin's config schema has any property to set. */
function hasSettings(info: PluginInfo): boolean {
  return properties(info.config_schema).length > 0;
}

interface PluginRow {
  info: PluginInfo;
  site: SitePlugin | undefined;
}

/** Sites and plugins (SuperAdmin): what is installed per site, install, reconfigure, remove. */
export class CenPluginsView extends PortalView {
  static override styles = [
    portalStyles,
    css`
      .plugins {
        display: grid;
        gap: 16px;
      }
      .plugins .panel {
        margin-bottom: 0;
      }
      .plugin header p:last-child {
        margin-bottom: 0;
      }
      .plugin header {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        gap: 8px 16px;
        align-items: flex-start;
      }
      .plugin h2 {
        margin: 0 0 4px;
        font-size: 1.05rem;
      }
      .badges {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        margin: 6px 0;
      }
      .site-select {
        max-width: 320px;
      }
      cen-plugin-config {
        display: block;
        border-top: 1px solid var(--c-border);
        margin-top: 12px;
        padding-top: 16px;
      }
    `,
  ];

  @state() private selectedSite: string | undefined;
  @state() private rows: PluginRow[] | undefined;
  @state() private loadError: unknown;
  @state() private editing: string | undefined;
  @state() private notice = '';
  @query('cen-remove-plugin-dialog') private removeDialog!: CenRemovePluginDialog;

  override connectedCallback(): void {
    super.connectedCallback();
    this.selectedSite = this.siteId;
    void this.load();
  }

  private async load(): Promise<void> {
    this.rows = undefined;
    this.loadError = undefined;
    const siteId = this.selectedSite;
    try {
      const [plugins, installed] = await Promise.all([
        this.ctx.http.get<Page<PluginInfo>>('/api/plugins'),
        siteId === undefined
          ? Promise.resolve({ items: [], next_cursor: null } as Page<SitePlugin>)
          : this.ctx.http.get<Page<SitePlugin>>(`/api/sites/${encodeURIComponent(siteId)}/plugins`),
      ]);
      this.rows = plugins.items.map((info) => ({
        info,
        site: installed.items.find((item) => item.name === info.name),
      }));
    } catch (error) {
      this.loadError = error;
    }
  }

  protected override render() {
    return html`
      <div class="page-header">
        <div>
          <h1>${this.t('plugins.title')}</h1>
          <p>${this.t('plugins.lead')}</p>
        </div>
      </div>
      <div class="panel">
        <div class="field site-select">
          <label for="plugin-site">${this.t('plugins.site')}</label>
          <select id="plugin-site" data-testid="plugins-site" @change=${this.onSite}>
            ${this.ctx.sites.map(
              (site) =>
                html`<option value=${site.id} ?selected=${site.id === this.selectedSite}>
                  ${site.name || site.id} (${site.id})
                </option>`,
            )}
          </select>
          ${this.siteTimezone() !== undefined ? html`<p class="help">${this.t('plugins.timezone', { zone: this.siteTimezone() ?? '' })}</p>` : nothing}
        </div>
      </div>
      ${this.notice !== '' ? html`<p class="alert success" role="status" data-testid="plugins-notice">${this.notice}</p>` : nothing}
      ${this.renderPlugins()}
      <cen-remove-plugin-dialog
        .http=${this.ctx.http}
        .language=${this.ctx.lang}
        @removed=${this.onRemoved}
      ></cen-remove-plugin-dialog>
    `;
  }

  private siteTimezone(): string | undefined {
    return this.ctx.sites.find((site) => site.id === this.selectedSite)?.timezone;
  }

  private renderPlugins() {
    if (this.loadError !== undefined) {
      return html`<cen-state
        kind="error"
        .message=${this.t('plugins.load_error')}
        .detail=${this.errorText(this.loadError)}
        .retryLabel=${this.t('common.retry')}
        @retry=${() => void this.load()}
      ></cen-state>`;
    }
    if (this.rows === undefined)
      return html`<cen-state kind="loading" .message=${this.t('common.loading')}></cen-state>`;
    if (this.rows.length === 0)
      return html`<div class="panel">
        <cen-state kind="empty" .message=${this.t('plugins.empty')}></cen-state>
      </div>`;
    return html`<div class="plugins">${this.rows.map((row) => this.renderPlugin(row))}</div>`;
  }

  private renderPlugin(row: PluginRow) {
    const { info, site } = row;
    const installed = site?.installed === true;
    const refused = info.state === 'refused' || (info.refused_reason ?? '') !== '';
    const headingId = `plugin-${info.name}`;
    return html`
      <section class="panel plugin" aria-labelledby=${headingId} data-testid="plugin-${info.name}">
        <header>
          <div>
            <h2 id=${headingId}>${info.name} <span class="muted">${info.version}</span></h2>
            <p class="muted">${info.description}</p>
            <div class="badges">
              ${
                installed
                  ? html`<span class="badge ${site?.enabled ? 'ok' : 'warn'}"
                      >${this.t(site?.enabled ? 'plugins.enabled' : 'plugins.disabled')}</span
                    >`
                  : html`<span class="badge">${this.t('plugins.not_installed')}</span>`
              }
              ${info.mandatory ? html`<span class="badge info">${this.t('plugins.mandatory')}</span>` : nothing}
              ${refused ? html`<span class="badge bad">${this.t('plugins.refused')}</span>` : nothing}
            </div>
            ${info.depends_on.length > 0 ? html`<p class="help">${this.t('plugins.depends_on', { names: info.depends_on.join(', ') })}</p>` : nothing}
            ${refused && info.refused_reason ? html`<p class="field-error">${info.refused_reason}</p>` : nothing}
          </div>
          <div class="actions">
            ${
              this.editing !== info.name && (!installed || hasSettings(info))
                ? html`<button
                    class="button ${installed ? '' : 'primary'}"
                    type="button"
                    data-testid="plugin-configure-${info.name}"
                    ?disabled=${refused}
                    aria-expanded="false"
                    @click=${() => (this.editing = info.name)}
                  >
                    ${this.t(installed ? 'plugins.configure' : 'plugins.install')}
                  </button>`
                : nothing
            }
            ${
              installed && !info.mandatory
                ? html`<button
                    class="button danger"
                    type="button"
                    data-testid="plugin-remove-${info.name}"
                    @click=${() => void this.removeDialog.show(this.selectedSite ?? '', info.name)}
                  >
                    ${this.t('plugins.remove')}
                  </button>`
                : nothing
            }
          </div>
        </header>
        ${
          this.editing === info.name
            ? html`<cen-plugin-config
                .http=${this.ctx.http}
                .plugin=${info}
                .installed=${site}
                .siteId=${this.selectedSite ?? ''}
                .language=${this.ctx.lang}
                @saved=${() => void this.onSaved(info.name, installed)}
                @cancel=${() => (this.editing = undefined)}
              ></cen-plugin-config>`
            : nothing
        }
      </section>
    `;
  }

  private onSite(event: Event): void {
    this.selectedSite = (event.target as HTMLSelectElement).value;
    this.editing = undefined;
    this.notice = '';
    void this.load();
  }

  private async onSaved(name: string, wasInstalled: boolean): Promise<void> {
    this.editing = undefined;
    this.notice = this.t(wasInstalled ? 'plugins.saved' : 'plugins.installed', { name });
    await this.load();
  }

  private async onRemoved(event: CustomEvent<string>): Promise<void> {
    this.notice = this.t('plugins.removed', { name: event.detail });
    await this.load();
  }
}

customElements.define('cen-plugins-view', CenPluginsView);
