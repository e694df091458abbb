import { html, LitElement, type CSSResultGroup, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { ApiError, describeError } from '../api/problem';
import type { PagedList } from '../components/paged-list';
import type { PortalContext } from '../context';
import { t, type TranslationKey, type TranslationValues } from '../i18n';
import { portalStyles } from '../styles/theme';

/** Base of the signed-in screens: the shared context, translation and error text. */
export class PortalView extends LitElement {
  static override styles: CSSResultGroup = [portalStyles];

  @property({ attribute: false }) ctx!: PortalContext;

  protected t(key: TranslationKey, values?: TranslationValues): string {
    return t(key, this.ctx.lang, values);
  }

  /** The server's problem detail, or a translated text for a network failure. */
  protected errorText(error: unknown): string {
    if (error instanceof ApiError && error.status === 0) return this.t('error.network');
    return describeError(error);
  }

  /**
   * Render the loading, error (with retry) or empty state of a paged list, or return null
   * once it has items, so the caller renders its table.
   */
  protected renderListState(
    list: PagedList<unknown>,
    keys: { error: TranslationKey; empty: TranslationKey; emptyDetail?: TranslationKey },
  ): TemplateResult | null {
    if (list.state === 'idle' || list.state === 'loading') {
      return html`<cen-state kind="loading" .message=${this.t('common.loading')}></cen-state>`;
    }
    if (list.state === 'error') {
      return html`<cen-state
        kind="error"
        .message=${this.t(keys.error)}
        .detail=${this.errorText(list.error)}
        .retryLabel=${this.t('common.retry')}
        @retry=${() => void list.reload()}
      ></cen-state>`;
    }
    if (list.items.length > 0) return null;
    return html`<div class="panel">
      <cen-state
        kind="empty"
        .message=${this.t(keys.empty)}
        .detail=${keys.emptyDetail === undefined ? '' : this.t(keys.emptyDetail)}
      ></cen-state>
    </div>`;
  }

  /** The current site id, falling back to the first site. */
  protected get siteId(): string | undefined {
    return this.ctx.siteId ?? this.ctx.sites[0]?.id;
  }
}
