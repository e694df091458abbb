import { css, html, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
import type { CameraSummary, OneTimePasswordResponse, Page, UserItem } from '../api/types';
import '../components/confirm-dialog';
import type { CenConfirmDialog } from '../components/confirm-dialog';
import { PagedList } from '../components/paged-list';
import '../components/secret-dialog';
import type { CenSecretDialog } from '../components/secret-dialog';
import '../components/state-view';
import { formatDateTime } from '../format';
import { portalStyles } from '../styles/theme';
import { PortalView } from './portal-view';
import './user-dialog';
import type { CenUserDialog, UserSaved } from './user-dialog';

/** Users and roles (SuperAdmin): list, create, edit role, active state and camera scope, reset password. */
export class CenUsersView extends PortalView {
  static override styles = [
    portalStyles,
    css`
      .name {
        font-weight: 600;
      }
      tr.inactive td {
        color: var(--c-muted);
      }
    `,
  ];

  @state() private cameras: CameraSummary[] = [];
  @state() private notice = '';
  @state() private actionError = '';
  @query('cen-user-dialog') private userDialog!: CenUserDialog;
  @query('cen-secret-dialog') private secretDialog!: CenSecretDialog;
  @query('cen-confirm-dialog') private confirmDialog!: CenConfirmDialog;
  private readonly list = new PagedList<UserItem>(
    (cursor, signal) =>
      this.ctx.http.get<Page<UserItem>>('/api/users', { query: { cursor, limit: 100 }, signal }),
    () => this.requestUpdate(),
  );

  override connectedCallback(): void {
    super.connectedCallback();
    void this.list.reload();
    void this.loadCameras();
  }

  override disconnectedCallback(): void {
    this.list.dispose();
    super.disconnectedCallback();
  }

  private async loadCameras(): Promise<void> {
    try {
      // The camera list is one page: a site has tens of cameras, not thousands.
      this.cameras = (await this.ctx.http.get<Page<CameraSummary>>('/api/cameras')).items;
    } catch {
      // Without the camera list the scope editor still keeps the ids it was given.
      this.cameras = [];
    }
  }

  protected override render() {
    return html`
      <div class="page-header">
        <div>
          <h1>${this.t('users.title')}</h1>
          <p>${this.t('users.lead')}</p>
        </div>
        <button
          class="button primary"
          type="button"
          data-testid="user-add"
          @click=${() => void this.userDialog.show()}
        >
          + ${this.t('users.add')}
        </button>
      </div>
      ${this.notice !== '' ? html`<p class="alert success" role="status">${this.notice}</p>` : nothing}
      ${this.actionError !== '' ? html`<p class="alert error" role="alert">${this.actionError}</p>` : nothing}
      ${this.renderList()}
      <cen-user-dialog
        .http=${this.ctx.http}
        .cameras=${this.cameras}
        .language=${this.ctx.lang}
        @user-saved=${this.onSaved}
      ></cen-user-dialog>
      <cen-secret-dialog .language=${this.ctx.lang}></cen-secret-dialog>
      <cen-confirm-dialog .language=${this.ctx.lang}></cen-confirm-dialog>
    `;
  }

  private renderList() {
    const list = this.list;
    const state = this.renderListState(list, { error: 'users.load_error', empty: 'users.empty' });
    if (state !== null) return state;
    return html`
      <div class="table-wrap">
        <table class="stack-mobile" data-testid="users-table">
          <caption class="visually-hidden">
            ${this.t('users.title')}
          </caption>
          <thead>
            <tr>
              <th scope="col">${this.t('users.user')}</th>
              <th scope="col">${this.t('users.role')}</th>
              <th scope="col">${this.t('users.scope')}</th>
              <th scope="col">${this.t('users.last_login')}</th>
              <th scope="col"><span class="visually-hidden">${this.t('common.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            ${list.items.map((user) => this.renderRow(user))}
          </tbody>
        </table>
      </div>
      ${
        list.hasMore
          ? html`<div class="load-more">
              <button class="button" type="button" @click=${() => void list.loadMore()}>
                ${this.t('common.load_more')}
              </button>
            </div>`
          : nothing
      }
    `;
  }

  private renderRow(user: UserItem) {
    const name = user.display_name || user.email;
    const scope =
      user.camera_scope === null
        ? this.t('users.scope_all')
        : user.camera_scope
            .map((id) => this.cameras.find((camera) => camera.id === id)?.friendly_name ?? id)
            .join(', ') || '—';
    return html`
      <tr class=${user.active ? '' : 'inactive'} data-testid="user-row" data-email=${user.email}>
        <td data-label=${this.t('users.user')}>
          <div>
            <span class="name">${name}</span><br />
            <span class="muted">${user.email}</span><br />
            ${user.active ? nothing : html`<span class="badge">${this.t('users.inactive')}</span>`}
            ${user.mfa_enabled === true ? html`<span class="badge ok">${this.t('users.mfa_on')}</span>` : html`<span class="badge warn">${this.t('users.mfa_off')}</span>`}
          </div>
        </td>
        <td data-label=${this.t('users.role')}>${this.t(`role.${user.role}`)}</td>
        <td data-label=${this.t('users.scope')}>${scope}</td>
        <td data-label=${this.t('users.last_login')}>
          ${formatDateTime(user.last_login_at, this.ctx.lang)}
        </td>
        <td>
          <div class="actions">
            <button
              class="button small"
              type="button"
              data-testid="user-edit"
              aria-label=${this.t('users.edit_named', { name })}
              @click=${() => void this.userDialog.show(user)}
            >
              ${this.t('common.edit')}
            </button>
            <button
              class="button small"
              type="button"
              data-testid="user-reset-password"
              aria-label=${this.t('users.reset_named', { name })}
              @click=${() => void this.resetPassword(user)}
            >
              ${this.t('users.reset')}
            </button>
          </div>
        </td>
      </tr>
    `;
  }

  private async onSaved(event: CustomEvent<UserSaved>): Promise<void> {
    const { user, oneTimePassword } = event.detail;
    this.actionError = '';
    if (user !== undefined) {
      const exists = this.list.items.some((item) => item.id === user.id);
      if (exists) this.list.replace((item) => item.id === user.id, user);
      // The list is newest first, like the API's.
      else this.list.items = [user, ...this.list.items];
    }
    this.notice = this.t('users.saved', { email: user?.email ?? '' });
    this.requestUpdate();
    if (oneTimePassword !== undefined) {
      await this.secretDialog.show(
        this.t('users.created_title'),
        this.t('users.created_lead', { email: user?.email ?? '' }),
        oneTimePassword,
      );
    }
  }

  private async resetPassword(user: UserItem): Promise<void> {
    const confirmed = await this.confirmDialog.ask({
      title: this.t('users.reset_title'),
      message: this.t('users.reset_question', { email: user.email }),
      confirmLabel: this.t('users.reset'),
      danger: true,
    });
    if (!confirmed) return;
    this.actionError = '';
    try {
      const response = await this.ctx.http.post<OneTimePasswordResponse>(
        `/api/users/${encodeURIComponent(user.id)}/reset-password`,
        {},
      );
      const secret = response.one_time_password;
      if (secret === undefined) {
        this.notice = this.t('users.reset_done', { email: user.email });
        return;
      }
      await this.secretDialog.show(
        this.t('users.reset_title'),
        this.t('users.reset_lead', { email: user.email }),
        secret,
      );
      this.notice = this.t('users.reset_done', { email: user.email });
    } catch (error) {
      this.actionError = this.errorText(error);
    }
  }
}

customElements.define('cen-users-view', CenUsersView);
