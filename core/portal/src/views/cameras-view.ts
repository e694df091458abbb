import { html, type PropertyValues } from 'lit';
import { query } from 'lit/decorators.js';
import { CAMERAS_CARD_TAG, type CentinelaCamerasCard } from '@centinela/lovelace-cards';
import { cardConnection, portalHass } from '../cards';
import { PortalView } from './portal-view';

/** Cameras screen: the shared cameras card (latest still, online state, detections today). */
export class CenCamerasView extends PortalView {
  @query(CAMERAS_CARD_TAG) private card!: CentinelaCamerasCard | null;
  private configKey = '';

  protected override render() {
    return html`
      <div class="page-header">
        <div>
          <h1>${this.t('cameras.title')}</h1>
          <p>${this.t('cameras.lead')}</p>
        </div>
      </div>
      <centinela-cameras-card data-testid="cameras-card"></centinela-cameras-card>
    `;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const card = this.card;
    if (card === null) return;
    const config = {
      type: `custom:${CAMERAS_CARD_TAG}`,
      title: this.t('cameras.card_title'),
      ...cardConnection(this.ctx.http.basePath, this.siteId),
    };
    const key = JSON.stringify(config);
    // Cards restart their requests on every setConfig, so only a real change is passed on.
    if (key !== this.configKey) {
      this.configKey = key;
      card.setConfig(config);
    }
    card.hass = portalHass(this.ctx.lang) as unknown as CentinelaCamerasCard['hass'];
  }
}

customElements.define('cen-cameras-view', CenCamerasView);
