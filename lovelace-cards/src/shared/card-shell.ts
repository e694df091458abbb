import { html, nothing, type TemplateResult } from 'lit';
import { localize } from '../i18n';

export interface CardShellOptions {
  title: string;
  /** BCP 47 language of the text, so that screen readers pronounce it correctly. */
  language: string;
  /** Header content after the title, such as the live-updates indicator. */
  headerExtra?: TemplateResult | typeof nothing;
}

/**
 * Wraps card content in `<ha-card>` inside Home Assistant and in a plain container with
 * the same look elsewhere (the portal, a page without Home Assistant's elements).
 */
export function renderCardShell(options: CardShellOptions, body: TemplateResult): TemplateResult {
  const header =
    options.title !== ''
      ? html`<div class="header">
          <h2>${options.title}</h2>
          ${options.headerExtra ?? nothing}
        </div>`
      : nothing;
  if (customElements.get('ha-card') !== undefined) {
    return html`<ha-card lang=${options.language}>${header}${body}</ha-card>`;
  }
  return html`<div
    class="card"
    role="group"
    lang=${options.language}
    aria-label=${options.title || nothing}
  >
    ${header}${body}
  </div>`;
}

/** Header dot that shows whether live updates (the `/api/ws` subscription) are connected. */
export function renderLiveDot(connected: boolean, language: string): TemplateResult {
  const label = localize(connected ? 'card.live_on' : 'card.live_off', language);
  return html`<span
    class="live-dot"
    ?data-on=${connected}
    role="img"
    aria-label=${label}
    title=${label}
  ></span>`;
}
