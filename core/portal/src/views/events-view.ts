import { html, type PropertyValues } from 'lit';
import { query } from 'lit/decorators.js';
import { EVENTS_CARD_TAG, type CentinelaEventsCard } from '@centinela/lovelace-cards';
import { cardConnection, portalHass } from '../cards';
import { PortalView } from './portal-view';

/** Events screen: the shared events card (filters, clips, evidence export, live updates). */
export class CenEventsView extends PortalView {
  @query(EVENTS_CARD_TAG) private card!: CentinelaEventsCard | null;
  private configKey = '';

  protected override render() {
    return html`
      <div class="page-header">
        <div>
          <h1>${this.t('events.title')}</h1>
          <p>${this.t('events.lead')}</p>
        </div>
      </div>
      <centinela-events-card data-testid="events-card"></centinela-events-card>
    `;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const card = this.card;
    if (card === null) return;
    const config = {
      type: `custom:${EVENTS_CARD_TAG}`,
      title: this.t('events.card_title'),
      ...cardConnection(this.ctx.http.basePath, this.siteId),
      // The list scrolls inside the card; leave room for the page header and the phone bar.
      max_height: Math.max(360, Math.min(4000, window.innerHeight - 220)),
    };
    const key = JSON.stringify(config);
    // Cards restart their requests on every setConfig, so only a real change is passed on.
    if (key !== this.configKey) {
      this.configKey = key;
      card.setConfig(config);
    }
    card.hass = portalHass(this.ctx.lang) as unknown as CentinelaEventsCard['hass'];
  }
}

customElements.define('cen-events-view', CenEventsView);
