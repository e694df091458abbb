import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { StorageForecast } from '../api/types';
import '../components/state-view';
import { formatNumber } from '../format';
import { portalStyles } from '../styles/theme';
import { PortalView } from './portal-view';

/** Storage forecast of the backup remote (`GET /api/backups/forecast`). */
export class CenBackupForecast extends PortalView {
  static override styles = [
    portalStyles,
    css`
      :host {
        display: block;
      }
      .total {
        font-weight: 700;
        margin-top: 8px;
      }
      .refresh {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 8px;
      }
      .refresh .help {
        margin: 0;
      }
    `,
  ];

  @state() private forecast: StorageForecast | undefined;
  @state() private failure: unknown;
  @state() private loading = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    this.loading = true;
    this.failure = undefined;
    try {
      this.forecast = await this.ctx.http.get<StorageForecast>('/api/backups/forecast');
    } catch (error) {
      this.failure = error;
    } finally {
      this.loading = false;
    }
  }

  /** Measures again, for example once the first recordings of a new install exist. */
  private renderRefresh() {
    return html`<button
      class="button small"
      type="button"
      data-testid="backup-forecast-refresh"
      ?disabled=${this.loading}
      @click=${() => void this.load()}
    >
      ${this.t('backups.forecast_refresh')}
    </button>`;
  }

  protected override render() {
    if (this.failure !== undefined) {
      return html`<p class="alert warning" role="alert">
          ${this.t('backups.forecast_error')} ${this.errorText(this.failure)}
        </p>
        ${this.renderRefresh()}`;
    }
    const forecast = this.forecast;
    if (forecast === undefined || (this.loading && forecast.cameras.length === 0)) {
      return html`<cen-state kind="loading" .message=${this.t('common.loading')}></cen-state>`;
    }
    if (forecast.cameras.length === 0) {
      return html`<cen-state kind="empty" .message=${this.t('backups.forecast_empty')}></cen-state>
        <div class="refresh">${this.renderRefresh()}</div>`;
    }
    const lang = this.ctx.lang;
    return html`
      <p>${this.t('backups.forecast_lead', { days: forecast.retention_days })}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">${this.t('backups.camera')}</th>
            <th scope="col" class="unit">Mb/s</th>
            <th scope="col">${this.t('backups.gb_per_day')}</th>
          </tr>
        </thead>
        <tbody>
          ${forecast.cameras.map(
            (camera) =>
              html`<tr>
                <td>${camera.camera}</td>
                <td>${formatNumber(camera.mbps, lang, 2)}</td>
                <td>${formatNumber(camera.gb_per_day, lang, 1)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <p class="total" data-testid="backup-forecast-total">
        ${this.t('backups.forecast_total', { gb: formatNumber(forecast.total_gb, lang, 1) })}
      </p>
      <div class="refresh">
        ${forecast.day ? html`<p class="help">${this.t('backups.forecast_day', { day: forecast.day })}</p>` : nothing}
        ${this.renderRefresh()}
      </div>
      ${
        forecast.exceeds_daily_upload_limit === true
          ? html`<p class="alert warning">${this.t('backups.upload_limit')}</p>`
          : nothing
      }
    `;
  }
}

customElements.define('cen-backup-forecast', CenBackupForecast);
