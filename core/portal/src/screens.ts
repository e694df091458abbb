import { html, nothing, type TemplateResult } from 'lit';
import type { CentinelaPortal } from './app';
import { icon } from './components/icons';
import { signedInByHomeAssistant, type PortalContext } from './context';
import { routeHref, type RouteDefinition } from './router';
import './views/account-view';
import './views/audit-view';
import './views/backups-view';
import './views/cameras-view';
import './views/events-view';
import './views/evidence-view';
import './views/plugins-view';
import './views/users-view';

/** Renders the element of the current screen. */
export function renderScreen(
  host: CentinelaPortal,
  context: PortalContext,
  routes: RouteDefinition[],
): TemplateResult {
  const { name, params } = host.route;
  switch (name) {
    case 'events':
      return html`<cen-events-view .ctx=${context}></cen-events-view>`;
    case 'cameras':
      return html`<cen-cameras-view .ctx=${context}></cen-cameras-view>`;
    case 'evidence':
      return html`<cen-evidence-view .ctx=${context}></cen-evidence-view>`;
    case 'backups':
      return html`<cen-backups-view .ctx=${context} .runId=${params[0]}></cen-backups-view>`;
    case 'audit':
      return html`<cen-audit-view .ctx=${context}></cen-audit-view>`;
    case 'users':
      return html`<cen-users-view .ctx=${context}></cen-users-view>`;
    case 'plugins':
      return html`<cen-plugins-view .ctx=${context}></cen-plugins-view>`;
    case 'account':
      return html`<cen-account-view
        .ctx=${context}
        @user-changed=${() => void host.refreshUser()}
      ></cen-account-view>`;
    case 'more':
      return renderMore(host, context, routes);
  }
}

/** Phone menu with the screens that do not fit in the bottom bar. */
function renderMore(
  host: CentinelaPortal,
  context: PortalContext,
  routes: RouteDefinition[],
): TemplateResult {
  return html`
    <div class="page-header"><h1>${host.tr('nav.more')}</h1></div>
    <div class="panel">
      <p>
        <strong>${context.user.display_name || context.user.email}</strong><br />
        <span class="muted">${context.user.email} · ${host.tr(`role.${context.user.role}`)}</span>
      </p>
    </div>
    <ul class="more-list">
      ${routes.map(
        (route) =>
          html`<li>
            <a href=${routeHref(route.name)} data-testid="more-${route.name}"
              >${icon(route.name)}<span>${host.tr(`nav.${route.name}`)}</span></a
            >
          </li>`,
      )}
    </ul>
    <div class="panel actions">
      <span class="label">${host.tr('language.label')}</span>
      <cen-language-select .language=${context.lang}></cen-language-select>
      ${
        signedInByHomeAssistant(context)
          ? nothing
          : html`<button class="button danger" type="button" @click=${() => void host.signOut()}>
              ${icon('logout', 20)}${host.tr('nav.sign_out')}
            </button>`
      }
    </div>
  `;
}
