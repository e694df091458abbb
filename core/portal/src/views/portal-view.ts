import { LitElement, type CSSResultGroup } from 'lit';
import { property } from 'lit/decorators.js';
import { ApiError, describeError } from '../api/problem';
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

  /** The current site id, falling back to the first site. */
  protected get siteId(): string | undefined {
    return this.ctx.siteId ?? this.ctx.sites[0]?.id;
  }
}
