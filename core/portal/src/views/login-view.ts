import { LitElement, css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { PortalHttp } from '../api/http';
import { ApiError, describeError } from '../api/problem';
import type { CurrentUser, LoginResponse } from '../api/types';
import { icon } from '../components/icons';
import '../components/language-select';
import { t, type Language, type TranslationKey } from '../i18n';
import { portalStyles } from '../styles/theme';

export const MFA_REQUIRED = 'CEN_ERR_AUTH_MFA_REQUIRED';

export type LoginStep = 'credentials' | 'mfa' | 'password';

/**
 * Sign-in screen: email and password, then the TOTP or recovery code when the API answers
 * `CEN_ERR_AUTH_MFA_REQUIRED`, then the forced password change when the account has
 * `must_change_password`. Fires `signed-in` once the session cookies are set.
 */
export class CenLogin extends LitElement {
  static override styles = [
    portalStyles,
    css`
      :host {
        display: flex;
        min-height: 100vh;
        min-height: 100dvh;
        align-items: center;
        justify-content: center;
        padding: 24px 16px;
        background: linear-gradient(160deg, #12263f 0%, #1d3b61 55%, #2a5080 100%);
      }
      .card {
        width: min(420px, 100%);
        background: var(--c-surface);
        border-radius: 16px;
        box-shadow: 0 24px 60px rgba(0, 0, 0, 0.35);
        padding: 28px 24px 24px;
      }
      .brand {
        display: flex;
        align-items: center;
        gap: 10px;
        color: var(--c-primary);
        margin-bottom: 20px;
      }
      .brand span {
        font-size: 1.35rem;
        font-weight: 700;
        color: var(--c-text);
        letter-spacing: 0.01em;
      }
      .top {
        display: flex;
        justify-content: flex-end;
        color: #fff;
        position: absolute;
        top: 12px;
        right: 16px;
      }
      h1 {
        margin-bottom: 6px;
      }
      .lead {
        color: var(--c-muted);
        margin-bottom: 20px;
      }
      .submit {
        width: 100%;
        margin-top: 4px;
      }
      .link-button {
        border: none;
        background: none;
        color: var(--c-primary);
        font: inherit;
        text-decoration: underline;
        cursor: pointer;
        padding: 8px 0;
        min-height: 40px;
      }
      .code-input {
        font-family: var(--mono);
        font-size: 1.3rem;
        letter-spacing: 0.2em;
        text-align: center;
      }
      .footer {
        display: flex;
        justify-content: space-between;
        flex-wrap: wrap;
        gap: 4px;
      }
    `,
  ];

  @property({ attribute: false }) http!: PortalHttp;
  @property() language: Language = 'en';
  @property() step: LoginStep = 'credentials';
  /** Message shown above the form, such as "your session ended". */
  @property() notice = '';
  @state() private email = '';
  @state() private password = '';
  @state() private useRecoveryCode = false;
  @state() private busy = false;
  @state() private error = '';
  @state() private errorField = '';

  private tr(key: TranslationKey): string {
    return t(key, this.language);
  }

  protected override render() {
    return html`
      <div class="top"><cen-language-select .language=${this.language}></cen-language-select></div>
      <main class="card" aria-labelledby="login-title">
        <div class="brand">${icon('logo', 36)}<span>Centinela</span></div>
        ${
          this.notice !== '' && this.step === 'credentials'
            ? html`<p class="alert info" role="status">${this.notice}</p>`
            : nothing
        }
        ${this.step === 'credentials' ? this.renderCredentials() : nothing}
        ${this.step === 'mfa' ? this.renderMfa() : nothing}
        ${this.step === 'password' ? this.renderPasswordChange() : nothing}
      </main>
    `;
  }

  private renderError() {
    if (this.error === '') return nothing;
    return html`<p class="alert error" role="alert" data-testid="login-error">${this.error}</p>`;
  }

  private renderCredentials() {
    return html`
      <h1 id="login-title">${this.tr('login.title')}</h1>
      <p class="lead">${this.tr('login.lead')}</p>
      ${this.renderError()}
      <form @submit=${this.onCredentials} novalidate>
        <div class="field">
          <label for="email">${this.tr('login.email')}</label>
          <input
            id="email"
            type="email"
            autocomplete="username"
            required
            data-testid="login-email"
            aria-invalid=${this.errorField === 'email' ? 'true' : 'false'}
            .value=${this.email}
            @input=${(event: Event) => (this.email = (event.target as HTMLInputElement).value)}
          />
        </div>
        <div class="field">
          <label for="password">${this.tr('login.password')}</label>
          <input
            id="password"
            type="password"
            autocomplete="current-password"
            required
            data-testid="login-password"
            .value=${this.password}
            @input=${(event: Event) => (this.password = (event.target as HTMLInputElement).value)}
          />
        </div>
        <button
          class="button primary submit"
          type="submit"
          data-testid="login-submit"
          ?disabled=${this.busy}
        >
          ${this.busy ? this.tr('login.working') : this.tr('login.submit')}
        </button>
      </form>
    `;
  }

  private renderMfa() {
    const recovery = this.useRecoveryCode;
    return html`
      <h1 id="login-title">${this.tr('mfa.title')}</h1>
      <p class="lead">${this.tr(recovery ? 'mfa.lead_recovery' : 'mfa.lead')}</p>
      ${this.renderError()}
      <form @submit=${this.onMfa} novalidate>
        <div class="field">
          <label for="code">${this.tr(recovery ? 'mfa.recovery_code' : 'mfa.code')}</label>
          <input
            id="code"
            class="code-input"
            type="text"
            name="code"
            required
            data-testid="mfa-code"
            autocomplete=${recovery ? 'off' : 'one-time-code'}
            inputmode=${recovery ? 'text' : 'numeric'}
            maxlength=${recovery ? 20 : 6}
            placeholder=${recovery ? 'xxxx-xxxx' : '123456'}
            aria-describedby="code-help"
          />
          <p id="code-help" class="help">
            ${this.tr(recovery ? 'mfa.recovery_help' : 'mfa.code_help')}
          </p>
        </div>
        <button
          class="button primary submit"
          type="submit"
          data-testid="mfa-submit"
          ?disabled=${this.busy}
        >
          ${this.busy ? this.tr('login.working') : this.tr('mfa.submit')}
        </button>
      </form>
      <div class="footer">
        <button
          class="link-button"
          type="button"
          data-testid="mfa-use-recovery"
          @click=${this.toggleRecovery}
        >
          ${this.tr(recovery ? 'mfa.use_totp' : 'mfa.use_recovery')}
        </button>
        <button class="link-button" type="button" @click=${this.backToCredentials}>
          ${this.tr('login.back')}
        </button>
      </div>
    `;
  }

  private renderPasswordChange() {
    const needsCurrent = this.password === '';
    return html`
      <h1 id="login-title">${this.tr('password.forced_title')}</h1>
      <p class="lead">${this.tr('password.forced_lead')}</p>
      ${this.renderError()}
      <form @submit=${this.onPasswordChange} novalidate>
        ${
          needsCurrent
            ? html`<div class="field">
                <label for="current">${this.tr('password.current')}</label>
                <input
                  id="current"
                  name="current"
                  type="password"
                  autocomplete="current-password"
                  required
                  data-testid="password-current"
                />
              </div>`
            : nothing
        }
        <div class="field">
          <label for="new">${this.tr('password.new')}</label>
          <input
            id="new"
            name="new"
            type="password"
            autocomplete="new-password"
            required
            data-testid="password-new"
          />
        </div>
        <div class="field">
          <label for="confirm">${this.tr('password.confirm')}</label>
          <input
            id="confirm"
            name="confirm"
            type="password"
            autocomplete="new-password"
            required
            data-testid="password-confirm"
            aria-invalid=${this.errorField === 'confirm' ? 'true' : 'false'}
          />
        </div>
        <button
          class="button primary submit"
          type="submit"
          data-testid="password-submit"
          ?disabled=${this.busy}
        >
          ${this.busy ? this.tr('login.working') : this.tr('password.submit')}
        </button>
      </form>
    `;
  }

  private async onCredentials(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.email.trim() === '' || this.password === '') {
      this.error = this.tr('login.missing');
      this.errorField = this.email.trim() === '' ? 'email' : 'password';
      return;
    }
    await this.signIn(undefined);
  }

  private async onMfa(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const code = (form.elements.namedItem('code') as HTMLInputElement).value.trim();
    if (code === '') {
      this.error = this.tr('mfa.missing');
      return;
    }
    await this.signIn(this.useRecoveryCode ? code : code.replace(/\s+/g, ''));
  }

  private async signIn(code: string | undefined): Promise<void> {
    this.busy = true;
    this.error = '';
    this.errorField = '';
    try {
      const body: Record<string, string> = { email: this.email.trim(), password: this.password };
      if (code !== undefined) body['code'] = code;
      const response = await this.http.post<LoginResponse>('/api/auth/login', body);
      if (response.user.must_change_password === true) {
        this.step = 'password';
      } else {
        this.finish(response.user);
      }
    } catch (error) {
      if (error instanceof ApiError && error.code === MFA_REQUIRED && this.step === 'credentials') {
        this.step = 'mfa';
      } else {
        this.error = this.describe(error);
      }
    } finally {
      this.busy = false;
    }
  }

  private async onPasswordChange(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const value = (name: string) =>
      (form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '';
    const current = this.password !== '' ? this.password : value('current');
    const next = value('new');
    if (current === '' || next === '') {
      this.error = this.tr('password.missing');
      return;
    }
    if (next !== value('confirm')) {
      this.error = this.tr('password.mismatch');
      this.errorField = 'confirm';
      return;
    }
    this.busy = true;
    this.error = '';
    this.errorField = '';
    try {
      await this.http.post('/api/auth/password', { current_password: current, new_password: next });
      this.password = '';
      this.finish(undefined);
    } catch (error) {
      this.error = this.describe(error);
    } finally {
      this.busy = false;
    }
  }

  private finish(user: CurrentUser | undefined): void {
    this.dispatchEvent(
      new CustomEvent('signed-in', { detail: user, bubbles: true, composed: true }),
    );
  }

  private toggleRecovery(): void {
    this.useRecoveryCode = !this.useRecoveryCode;
    this.error = '';
  }

  private backToCredentials(): void {
    this.step = 'credentials';
    this.password = '';
    this.useRecoveryCode = false;
    this.error = '';
  }

  private describe(error: unknown): string {
    if (error instanceof ApiError && error.status === 0) return this.tr('error.network');
    return describeError(error);
  }
}

customElements.define('cen-login', CenLogin);
