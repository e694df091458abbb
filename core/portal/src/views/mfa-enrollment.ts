import { LitElement, css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { PortalHttp } from '../api/http';
import { ApiError, describeError } from '../api/problem';
import type { TotpEnrollment, TotpVerification } from '../api/types';
import '../components/copy-button';
import { icon } from '../components/icons';
import { t, type Language, type TranslationKey } from '../i18n';
import { portalStyles } from '../styles/theme';

type Step = 'password' | 'scan' | 'codes';

/** Image source for the enrollment QR code; an SVG document is shown through an `<img>`, never inlined. */
export function qrImageSource(enrollment: TotpEnrollment): string | undefined {
  if (enrollment.qr_data_url !== undefined && enrollment.qr_data_url.startsWith('data:image/'))
    return enrollment.qr_data_url;
  if (enrollment.qr_svg !== undefined && enrollment.qr_svg !== '') {
    return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrollment.qr_svg)}`;
  }
  return undefined;
}

/** `JBSWY3DPEHPK3PXP` → `JBSW Y3DP EHPK 3PXP`, easier to type by hand. */
export function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * TOTP enrollment: the current password, then the QR code and secret with a code check,
 * then the ten recovery codes, shown once with copy and download. Fires `enrolled` at the end.
 */
export class CenMfaEnrollment extends LitElement {
  static override styles = [
    portalStyles,
    css`
      .scan {
        display: grid;
        gap: 16px;
        grid-template-columns: minmax(0, 1fr);
      }
      @media (min-width: 640px) {
        .scan {
          grid-template-columns: 220px minmax(0, 1fr);
        }
      }
      .qr {
        width: 220px;
        height: 220px;
        background: #fff;
        border: 1px solid var(--c-border);
        border-radius: 8px;
        padding: 8px;
      }
      .secret {
        font-family: var(--mono);
        font-size: 1.05rem;
        letter-spacing: 0.05em;
        overflow-wrap: anywhere;
      }
      ol.codes {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(140px, 1fr));
        gap: 6px 24px;
        list-style: none;
        font-family: var(--mono);
        font-size: 1.05rem;
        background: var(--c-surface-alt);
        border: 1px dashed #8a949f;
        border-radius: 8px;
        padding: 12px 16px;
        margin: 12px 0;
      }
      .code-input {
        font-family: var(--mono);
        font-size: 1.2rem;
        letter-spacing: 0.2em;
        max-width: 200px;
      }
    `,
  ];

  @property({ attribute: false }) http!: PortalHttp;
  @property() language: Language = 'en';
  @state() private step: Step = 'password';
  @state() private enrollment: TotpEnrollment | undefined;
  @state() private codes: string[] = [];
  @state() private saved = false;
  @state() private busy = false;
  @state() private error = '';

  private tr(key: TranslationKey): string {
    return t(key, this.language);
  }

  protected override render() {
    return html`
      ${this.error !== '' ? html`<p class="alert error" role="alert" data-testid="mfa-enroll-error">${this.error}</p>` : nothing}
      ${this.step === 'password' ? this.renderPassword() : nothing}
      ${this.step === 'scan' ? this.renderScan() : nothing}
      ${this.step === 'codes' ? this.renderCodes() : nothing}
    `;
  }

  private renderPassword() {
    return html`<form novalidate @submit=${this.onPassword}>
      <p>${this.tr('mfa_enroll.password_lead')}</p>
      <div class="field">
        <label for="mfa-password">${this.tr('password.current')}</label>
        <input
          id="mfa-password"
          name="password"
          type="password"
          autocomplete="current-password"
          data-testid="mfa-enroll-password"
        />
      </div>
      <div class="actions">
        <button
          class="button primary"
          type="submit"
          data-testid="mfa-enroll-submit"
          ?disabled=${this.busy}
        >
          ${this.tr('mfa_enroll.continue')}
        </button>
        <button
          class="button"
          type="button"
          @click=${() => this.dispatchEvent(new CustomEvent('cancel'))}
        >
          ${this.tr('common.cancel')}
        </button>
      </div>
    </form>`;
  }

  private renderScan() {
    const enrollment = this.enrollment;
    if (enrollment === undefined) return nothing;
    const qr = qrImageSource(enrollment);
    return html`<div class="scan">
      ${qr !== undefined ? html`<img class="qr" src=${qr} alt=${this.tr('mfa_enroll.qr_alt')} data-testid="mfa-qr" />` : nothing}
      <div>
        <p>${this.tr('mfa_enroll.scan_lead')}</p>
        <p class="label">${this.tr('mfa_enroll.secret')}</p>
        <p class="actions">
          <span class="secret" data-testid="mfa-secret">${groupSecret(enrollment.secret)}</span>
          <cen-copy-button
            .text=${enrollment.secret}
            .language=${this.language}
            .label=${this.tr('mfa_enroll.copy_secret')}
          ></cen-copy-button>
        </p>
        <p><a href=${enrollment.otpauth_uri}>${this.tr('mfa_enroll.open_app')}</a></p>
        <form novalidate @submit=${this.onVerify}>
          <div class="field">
            <label for="mfa-verify">${this.tr('mfa.code')}</label>
            <input
              id="mfa-verify"
              name="code"
              class="code-input"
              type="text"
              inputmode="numeric"
              autocomplete="one-time-code"
              maxlength="6"
              data-testid="mfa-verify-code"
              aria-describedby="mfa-verify-help"
            />
            <p class="help" id="mfa-verify-help">${this.tr('mfa.code_help')}</p>
          </div>
          <button
            class="button primary"
            type="submit"
            data-testid="mfa-verify-submit"
            ?disabled=${this.busy}
          >
            ${this.tr('mfa_enroll.verify')}
          </button>
        </form>
      </div>
    </div>`;
  }

  private renderCodes() {
    const text = this.codes.join('\n');
    return html`
      <p class="alert success" role="status">${this.tr('mfa_enroll.enabled')}</p>
      <h3>${this.tr('mfa_enroll.codes_title')}</h3>
      <p>${this.tr('mfa_enroll.codes_lead')}</p>
      <ol class="codes" data-testid="mfa-recovery-codes">
        ${this.codes.map((code) => html`<li>${code}</li>`)}
      </ol>
      <div class="actions">
        <cen-copy-button
          .text=${text}
          .language=${this.language}
          .label=${this.tr('mfa_enroll.copy_codes')}
          data-testid="mfa-recovery-copy"
        ></cen-copy-button>
        <button
          class="button small"
          type="button"
          data-testid="mfa-recovery-download"
          @click=${this.download}
        >
          ${icon('download', 16)}${this.tr('mfa_enroll.download_codes')}
        </button>
      </div>
      <label class="check field" style="margin-top: 16px">
        <input
          type="checkbox"
          data-testid="mfa-codes-saved"
          .checked=${this.saved}
          @change=${(event: Event) => (this.saved = (event.target as HTMLInputElement).checked)}
        />
        ${this.tr('mfa_enroll.codes_saved')}
      </label>
      <button
        class="button primary"
        type="button"
        data-testid="mfa-done"
        ?disabled=${!this.saved}
        @click=${this.finish}
      >
        ${this.tr('common.done')}
      </button>
    `;
  }

  private async onPassword(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const password = (
      (event.target as HTMLFormElement).elements.namedItem('password') as HTMLInputElement
    ).value;
    if (password === '') {
      this.error = this.tr('password.missing');
      return;
    }
    await this.run(async () => {
      this.enrollment = await this.http.post<TotpEnrollment>('/api/auth/mfa/totp/enroll', {
        current_password: password,
      });
      this.step = 'scan';
    });
  }

  private async onVerify(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const code = (
      (event.target as HTMLFormElement).elements.namedItem('code') as HTMLInputElement
    ).value.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(code)) {
      this.error = this.tr('mfa.code_invalid');
      return;
    }
    await this.run(async () => {
      const result = await this.http.post<TotpVerification>('/api/auth/mfa/totp/verify', { code });
      this.codes = result.recovery_codes;
      // The secret is no longer needed on screen once it is verified.
      this.enrollment = undefined;
      this.step = 'codes';
    });
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      await action();
    } catch (error) {
      this.error =
        error instanceof ApiError && error.status === 0
          ? this.tr('error.network')
          : describeError(error);
    } finally {
      this.busy = false;
    }
  }

  private download(): void {
    const blob = new Blob([`Centinela recovery codes\n\n${this.codes.join('\n')}\n`], {
      type: 'text/plain',
    });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = 'centinela-recovery-codes.txt';
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  private finish(): void {
    this.codes = [];
    this.dispatchEvent(new CustomEvent('enrolled'));
  }
}

customElements.define('cen-mfa-enrollment', CenMfaEnrollment);
