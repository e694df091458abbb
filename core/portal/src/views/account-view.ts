import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import '../components/language-select';
import { signedInByHomeAssistant } from '../context';
import { portalStyles } from '../styles/theme';
import './mfa-enrollment';
import { PortalView } from './portal-view';

/** The signed-in user's account: two-step verification, password and language. */
export class CenAccountView extends PortalView {
  static override styles = [
    portalStyles,
    css`
      .status {
        display: flex;
        align-items: center;
        flex-wrap: wrap;
        gap: 8px 12px;
        margin-bottom: 12px;
      }
      cen-language-select {
        color: var(--c-text);
      }
      form {
        max-width: 420px;
      }
    `,
  ];

  @state() private enrolling = false;
  @state() private disabling = false;
  @state() private message:
    { kind: 'success' | 'error'; text: string; area: 'mfa' | 'password' } | undefined;
  @state() private busy = false;

  protected override render() {
    const user = this.ctx.user;
    return html`
      <div class="page-header">
        <div>
          <h1>${this.t('account.title')}</h1>
          <p>${user.display_name || user.email} · ${user.email} · ${this.t(`role.${user.role}`)}</p>
        </div>
      </div>
      ${
        signedInByHomeAssistant(this.ctx)
          ? html`<p class="alert info" role="status" data-testid="account-ingress">
              ${this.t('account.ingress')}
            </p>`
          : this.renderSecurity()
      }
      <section class="panel" aria-labelledby="language-title">
        <h2 id="language-title">${this.t('language.label')}</h2>
        <cen-language-select .language=${this.ctx.lang}></cen-language-select>
      </section>
    `;
  }

  /** TOTP and password, for users who sign in to Centinela itself. */
  private renderSecurity() {
    const user = this.ctx.user;
    return html`
      <section class="panel" aria-labelledby="mfa-title" data-testid="account-mfa">
        <h2 id="mfa-title">${this.t('account.mfa_title')}</h2>
        ${
          user.mfa_enrollment_required === true
            ? html`<p class="alert warning" role="alert" data-testid="mfa-required">
                ${this.t('account.mfa_required')}
              </p>`
            : nothing
        }
        ${this.renderMessage('mfa')}
        <div class="status" ?hidden=${this.enrolling}>
          <span class="badge ${user.mfa_enabled ? 'ok' : 'warn'}" data-testid="mfa-status"
            >${this.t(user.mfa_enabled ? 'account.mfa_on' : 'account.mfa_off')}</span
          >
          <span class="muted"
            >${this.t(user.mfa_enabled ? 'account.mfa_on_lead' : 'account.mfa_off_lead')}</span
          >
        </div>
        ${this.renderMfaBody()}
      </section>
      <section class="panel" aria-labelledby="password-title">
        <h2 id="password-title">${this.t('account.password_title')}</h2>
        ${this.renderMessage('password')}
        <form novalidate @submit=${this.onPassword}>
          <div class="field">
            <label for="pw-current">${this.t('password.current')}</label>
            <input id="pw-current" name="current" type="password" autocomplete="current-password" />
          </div>
          <div class="field">
            <label for="pw-new">${this.t('password.new')}</label>
            <input id="pw-new" name="new" type="password" autocomplete="new-password" />
          </div>
          <div class="field">
            <label for="pw-confirm">${this.t('password.confirm')}</label>
            <input id="pw-confirm" name="confirm" type="password" autocomplete="new-password" />
          </div>
          <button class="button primary" type="submit" ?disabled=${this.busy}>
            ${this.t('password.submit')}
          </button>
        </form>
      </section>
    `;
  }

  private renderMessage(area: 'mfa' | 'password') {
    const message = this.message;
    if (message === undefined || message.area !== area) return nothing;
    return html`<p
      class="alert ${message.kind}"
      role=${message.kind === 'error' ? 'alert' : 'status'}
    >
      ${message.text}
    </p>`;
  }

  private renderMfaBody() {
    if (this.enrolling) {
      return html`<cen-mfa-enrollment
        .http=${this.ctx.http}
        .language=${this.ctx.lang}
        @cancel=${() => (this.enrolling = false)}
        @enrolled=${this.onEnrolled}
      ></cen-mfa-enrollment>`;
    }
    if (!this.ctx.user.mfa_enabled) {
      return html`<button
        class="button primary"
        type="button"
        data-testid="mfa-enroll-start"
        @click=${() => this.startEnrolling()}
      >
        ${this.t('account.mfa_setup')}
      </button>`;
    }
    if (!this.disabling) {
      return html`<button
        class="button danger"
        type="button"
        data-testid="mfa-disable-start"
        @click=${() => (this.disabling = true)}
      >
        ${this.t('account.mfa_disable')}
      </button>`;
    }
    return html`<form novalidate @submit=${this.onDisable}>
      <p>${this.t('account.mfa_disable_lead')}</p>
      <div class="field">
        <label for="mfa-off-password">${this.t('password.current')}</label>
        <input
          id="mfa-off-password"
          name="password"
          type="password"
          autocomplete="current-password"
          data-testid="mfa-disable-password"
        />
      </div>
      <div class="actions">
        <button
          class="button danger solid"
          type="submit"
          data-testid="mfa-disable-submit"
          ?disabled=${this.busy}
        >
          ${this.t('account.mfa_disable')}
        </button>
        <button class="button" type="button" @click=${() => (this.disabling = false)}>
          ${this.t('common.cancel')}
        </button>
      </div>
    </form>`;
  }

  private startEnrolling(): void {
    this.message = undefined;
    this.enrolling = true;
  }

  private onEnrolled(): void {
    this.enrolling = false;
    this.message = { kind: 'success', text: this.t('account.mfa_enabled_done'), area: 'mfa' };
    this.dispatchEvent(new CustomEvent('user-changed', { bubbles: true, composed: true }));
  }

  private async onDisable(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const password = (
      (event.target as HTMLFormElement).elements.namedItem('password') as HTMLInputElement
    ).value;
    this.busy = true;
    try {
      await this.ctx.http.delete('/api/auth/mfa/totp', { body: { current_password: password } });
      this.disabling = false;
      this.message = { kind: 'success', text: this.t('account.mfa_disabled_done'), area: 'mfa' };
      this.dispatchEvent(new CustomEvent('user-changed', { bubbles: true, composed: true }));
    } catch (error) {
      this.message = { kind: 'error', text: this.errorText(error), area: 'mfa' };
    } finally {
      this.busy = false;
    }
  }

  private async onPassword(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
    if (value('current') === '' || value('new') === '') {
      this.message = { kind: 'error', text: this.t('password.missing'), area: 'password' };
      return;
    }
    if (value('new') !== value('confirm')) {
      this.message = { kind: 'error', text: this.t('password.mismatch'), area: 'password' };
      return;
    }
    this.busy = true;
    try {
      await this.ctx.http.post('/api/auth/password', {
        current_password: value('current'),
        new_password: value('new'),
      });
      form.reset();
      this.message = { kind: 'success', text: this.t('password.changed'), area: 'password' };
    } catch (error) {
      this.message = { kind: 'error', text: this.errorText(error), area: 'password' };
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('cen-account-view', CenAccountView);
