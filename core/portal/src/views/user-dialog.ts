import { LitElement, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { PortalHttp } from '../api/http';
import { ApiError, describeError } from '../api/problem';
import {
  ROLES,
  type CameraSummary,
  type OneTimePasswordResponse,
  type Role,
  type UserItem,
} from '../api/types';
import '../components/camera-scope';
import { t, type Language, type TranslationKey } from '../i18n';
import { portalStyles } from '../styles/theme';

/** Form field named by a problem's `field`, such as `body/email` or `email`. */
export function problemFieldName(field: string): string {
  return field.replace(/^body[/.]/, '').replace(/^\//, '');
}

export interface UserSaved {
  user: UserItem | undefined;
  /** One-time password of a new account, shown once. */
  oneTimePassword: string | undefined;
}

/** Dialog that creates a user (`POST /api/users`) or edits one (`PATCH /api/users/{id}`). */
export class CenUserDialog extends LitElement {
  static override styles = [portalStyles];

  @property({ attribute: false }) http!: PortalHttp;
  @property({ attribute: false }) cameras: CameraSummary[] = [];
  @property() language: Language = 'en';
  @state() private user: UserItem | undefined;
  @state() private email = '';
  @state() private displayName = '';
  @state() private selectedRole: Role = 'ReadOnly';
  @state() private active = true;
  @state() private scope: string[] | null = null;
  @state() private busy = false;
  @state() private error = '';
  @state() private fieldErrors = new Map<string, string>();
  @query('dialog') private dialog!: HTMLDialogElement;

  private tr(key: TranslationKey): string {
    return t(key, this.language);
  }

  /** Opens the dialog for a new user, or for `user` when given. */
  async show(user?: UserItem): Promise<void> {
    this.user = user;
    this.email = user?.email ?? '';
    this.displayName = user?.display_name ?? '';
    this.selectedRole = user?.role ?? 'ReadOnly';
    this.active = user?.active ?? true;
    this.scope = user?.camera_scope ?? null;
    this.error = '';
    this.fieldErrors = new Map();
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
  }

  protected override render() {
    const editing = this.user !== undefined;
    return html`
      <dialog aria-labelledby="user-title" data-testid="user-dialog">
        <div class="dialog-header">
          <h2 id="user-title">${this.tr(editing ? 'users.edit_title' : 'users.add_title')}</h2>
          <button
            class="icon-button"
            type="button"
            aria-label=${this.tr('common.close')}
            @click=${() => this.dialog.close()}
          >
            ✕
          </button>
        </div>
        <form class="dialog-body" novalidate @submit=${this.onSubmit}>
          ${this.error !== '' ? html`<p class="alert error" role="alert">${this.error}</p>` : nothing}
          ${this.renderText('email', 'users.email', 'email', this.email, (value) => (this.email = value), editing)}
          ${this.renderText('display_name', 'users.display_name', 'text', this.displayName, (value) => (this.displayName = value), false)}
          <div class="field">
            <label for="role">${this.tr('users.role')}</label>
            <select
              id="role"
              data-testid="user-role"
              .value=${this.selectedRole}
              @change=${(event: Event) => (this.selectedRole = (event.target as HTMLSelectElement).value as Role)}
            >
              ${ROLES.map((role) => html`<option value=${role} ?selected=${role === this.selectedRole}>${t(`role.${role}`, this.language)}</option>`)}
            </select>
            <p class="help">${this.tr(`role_help.${this.selectedRole}`)}</p>
          </div>
          ${
            editing
              ? html`<label class="check field">
                  <input
                    type="checkbox"
                    data-testid="user-active"
                    .checked=${this.active}
                    @change=${(event: Event) => (this.active = (event.target as HTMLInputElement).checked)}
                  />
                  ${this.tr('users.active')}
                </label>`
              : nothing
          }
          <cen-camera-scope
            .cameras=${this.cameras}
            .value=${this.scope}
            .language=${this.language}
            @scope-change=${(event: CustomEvent<string[] | null>) => (this.scope = event.detail)}
          ></cen-camera-scope>
          ${this.fieldErrors.has('camera_scope') ? html`<p class="field-error" role="alert">${this.fieldErrors.get('camera_scope')}</p>` : nothing}
          <div class="actions">
            <button class="button" type="button" @click=${() => this.dialog.close()}>
              ${this.tr('common.cancel')}
            </button>
            <button
              class="button primary"
              type="submit"
              data-testid="user-save"
              ?disabled=${this.busy}
            >
              ${this.busy ? this.tr('common.saving') : this.tr(editing ? 'common.save' : 'users.create')}
            </button>
          </div>
        </form>
      </dialog>
    `;
  }

  private renderText(
    name: string,
    label: TranslationKey,
    type: string,
    value: string,
    set: (value: string) => void,
    readonly: boolean,
  ) {
    const error = this.fieldErrors.get(name);
    return html`<div class="field">
      <label for=${name}>${this.tr(label)}</label>
      <input
        id=${name}
        type=${type}
        data-testid="user-${name.replace('_', '-')}"
        ?readonly=${readonly}
        aria-invalid=${error !== undefined ? 'true' : 'false'}
        aria-describedby=${error !== undefined ? `${name}-error` : nothing}
        .value=${value}
        @input=${(event: Event) => set((event.target as HTMLInputElement).value)}
      />
      ${error !== undefined ? html`<p class="field-error" id="${name}-error">${error}</p>` : nothing}
    </div>`;
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const errors = new Map<string, string>();
    if (this.user === undefined && !/^[^@\s]+@[^@\s]+$/.test(this.email.trim()))
      errors.set('email', this.tr('users.email_invalid'));
    if (this.scope !== null && this.scope.length === 0)
      errors.set('camera_scope', this.tr('users.scope_empty'));
    this.fieldErrors = errors;
    if (errors.size > 0) return;
    this.busy = true;
    this.error = '';
    try {
      const saved =
        this.user === undefined ? await this.create() : await this.saveChanges(this.user);
      this.dialog.close();
      this.dispatchEvent(new CustomEvent<UserSaved>('user-saved', { detail: saved }));
    } catch (error) {
      this.showError(error);
    } finally {
      this.busy = false;
    }
  }

  private async create(): Promise<UserSaved> {
    const body: Record<string, unknown> = {
      email: this.email.trim(),
      role: this.selectedRole,
      camera_scope: this.scope,
    };
    // The API takes a display name of at least one character, or none.
    const displayName = this.displayName.trim();
    if (displayName !== '') body['display_name'] = displayName;
    // The answer is the new user, with `one_time_password` when no password was given.
    const response = await this.http.post<UserItem & OneTimePasswordResponse>('/api/users', body);
    const { one_time_password: oneTimePassword, ...user } = response;
    return { user, oneTimePassword };
  }

  private async saveChanges(user: UserItem): Promise<UserSaved> {
    const changes: Record<string, unknown> = {};
    if (this.displayName.trim() !== user.display_name)
      changes['display_name'] = this.displayName.trim();
    if (this.selectedRole !== user.role) changes['role'] = this.selectedRole;
    if (this.active !== user.active) changes['active'] = this.active;
    if (JSON.stringify(this.scope) !== JSON.stringify(user.camera_scope))
      changes['camera_scope'] = this.scope;
    if (Object.keys(changes).length === 0) return { user, oneTimePassword: undefined };
    const updated = await this.http.patch<UserItem>(
      `/api/users/${encodeURIComponent(user.id)}`,
      changes,
    );
    return { user: updated ?? { ...user, ...changes }, oneTimePassword: undefined };
  }

  private showError(error: unknown): void {
    if (error instanceof ApiError && error.fieldProblems.length > 0) {
      const errors = new Map<string, string>();
      for (const problem of error.fieldProblems)
        errors.set(problemFieldName(problem.field), problem.reason);
      this.fieldErrors = errors;
    }
    this.error =
      error instanceof ApiError && error.status === 0
        ? this.tr('error.network')
        : describeError(error);
  }
}

customElements.define('cen-user-dialog', CenUserDialog);
