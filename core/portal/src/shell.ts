import { css, html, nothing, type TemplateResult } from 'lit';
import type { CentinelaPortal } from './app';
import { icon } from './components/icons';
import { signedInByHomeAssistant, type PortalContext } from './context';
import { can } from './permissions';
import { ROUTES, routeHref, type RouteDefinition, type RouteName } from './router';
import { renderScreen } from './screens';

/** Items shown in the phone's bottom bar; the rest are reached through "More". */
const BOTTOM_BAR_SIZE = 4;

/** Screens the user may open, in navigation order. */
export function visibleRoutes(context: PortalContext): RouteDefinition[] {
  // Until a required TOTP enrollment is done, the API refuses everything but the account.
  if (context.user.mfa_enrollment_required === true) {
    return ROUTES.filter((route) => route.name === 'account');
  }
  return ROUTES.filter(
    (route) => route.capability === undefined || can(context.user, route.capability),
  );
}

/**
 * Layout of the signed-in portal: a side bar from 900 px wide, a top bar and a bottom
 * navigation bar on phones. There is one `<nav>`; CSS moves it between the two places.
 */
export function renderShell(host: CentinelaPortal, context: PortalContext): TemplateResult {
  const routes = visibleRoutes(context);
  const active: RouteName = host.route.name;
  const allowed = active === 'more' || routes.some((route) => route.name === active);
  const bottomBar = routes.filter((route) => route.name !== 'account').slice(0, BOTTOM_BAR_SIZE);
  return html`
    <a class="skip-link" href="#main" @click=${skipToMain(host)}>${host.tr('nav.skip')}</a>
    <div class="layout">
      <header class="topbar">
        <div class="brand">${icon('logo', 28)}<span>Centinela</span></div>
        <div class="topbar-tools">
          <cen-language-select .language=${context.lang}></cen-language-select>
        </div>
      </header>
      <nav class="nav" aria-label=${host.tr('nav.label')} data-testid="main-nav">
        <div class="brand nav-brand">${icon('logo', 30)}<span>Centinela</span></div>
        ${context.sites.length > 1 ? renderSitePicker(host, context) : nothing}
        <ul>
          ${routes.map((route) => {
            const inBar = bottomBar.includes(route);
            return html`<li class=${inBar ? 'primary' : 'secondary'}>
              <a
                href=${routeHref(route.name)}
                data-testid="nav-${route.name}"
                aria-current=${route.name === active ? 'page' : 'false'}
              >
                ${icon(route.name)}<span>${host.tr(`nav.${route.name}`)}</span>
              </a>
            </li>`;
          })}
          <li class="more-item">
            <a
              href=${routeHref('more')}
              data-testid="nav-more"
              aria-current=${active === 'more' ? 'page' : 'false'}
            >
              ${icon('more')}<span>${host.tr('nav.more')}</span>
            </a>
          </li>
        </ul>
        <div class="nav-footer">
          <p class="who">
            <span class="who-name">${context.user.display_name || context.user.email}</span>
            <span class="who-role">${host.tr(`role.${context.user.role}`)}</span>
          </p>
          <cen-language-select .language=${context.lang}></cen-language-select>
          ${
            signedInByHomeAssistant(context)
              ? nothing
              : html`<button
                  class="signout"
                  type="button"
                  data-testid="sign-out"
                  @click=${() => void host.signOut()}
                >
                  ${icon('logout', 20)}<span>${host.tr('nav.sign_out')}</span>
                </button>`
          }
        </div>
      </nav>
      <main id="main" tabindex="-1">
        ${
          allowed
            ? renderScreen(host, context, routes)
            : html`<cen-state kind="error" .message=${host.tr('app.forbidden')}></cen-state>`
        }
      </main>
    </div>
  `;
}

function renderSitePicker(host: CentinelaPortal, context: PortalContext): TemplateResult {
  return html`<label class="site-picker">
    <span>${host.tr('nav.site')}</span>
    <select
      data-testid="site-select"
      .value=${context.siteId ?? ''}
      @change=${(event: Event) => host.selectSite((event.target as HTMLSelectElement).value)}
    >
      ${context.sites.map(
        (site) =>
          html`<option value=${site.id} ?selected=${site.id === context.siteId}>
            ${site.name || site.id}
          </option>`,
      )}
    </select>
  </label>`;
}

/** Hash links would change the route, so the skip link moves focus itself. */
function skipToMain(host: CentinelaPortal) {
  return (event: Event) => {
    event.preventDefault();
    host.renderRoot.querySelector<HTMLElement>('#main')?.focus();
  };
}

export const shellStyles = css`
  :host {
    display: block;
    min-height: 100vh;
    background: var(--c-bg);
  }
  .skip-link {
    position: absolute;
    left: 8px;
    top: -60px;
    z-index: 20;
    background: var(--c-surface);
    padding: 8px 12px;
    border-radius: 8px;
  }
  .skip-link:focus {
    top: 8px;
  }
  .layout {
    min-height: 100vh;
  }
  .brand {
    display: flex;
    align-items: center;
    gap: 8px;
    font-weight: 700;
    font-size: 1.1rem;
    letter-spacing: 0.01em;
  }
  .topbar {
    position: sticky;
    top: 0;
    z-index: 5;
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: 8px 16px;
    background: #14253b;
    color: #fff;
  }
  .nav {
    position: fixed;
    left: 0;
    right: 0;
    bottom: 0;
    z-index: 5;
    background: var(--c-surface);
    border-top: 1px solid var(--c-border);
    padding-bottom: env(safe-area-inset-bottom);
  }
  .nav ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
  }
  .nav li {
    flex: 1 1 0;
    min-width: 0;
  }
  .nav a {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 2px;
    padding: 8px 2px 6px;
    min-height: 56px;
    color: var(--c-muted);
    text-decoration: none;
    font-size: 0.75rem;
    font-weight: 600;
  }
  .nav a span {
    max-width: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .nav a[aria-current='page'] {
    color: var(--c-primary);
  }
  .nav a[aria-current='page'] .icon {
    background: var(--c-primary-tint);
    border-radius: 999px;
  }
  .nav .icon {
    padding: 2px 10px;
    width: 44px;
    height: 26px;
  }
  .nav .secondary,
  .nav-brand,
  .nav-footer,
  .site-picker {
    display: none;
  }
  main {
    padding: 16px 16px 96px;
    max-width: 1200px;
    margin: 0 auto;
  }
  main:focus {
    outline: none;
  }
  .more-list {
    list-style: none;
    margin: 0 0 16px;
    padding: 0;
    background: var(--c-surface);
    border: 1px solid var(--c-border);
    border-radius: var(--radius);
  }
  .more-list li + li {
    border-top: 1px solid var(--c-border);
  }
  .more-list a {
    display: flex;
    align-items: center;
    gap: 12px;
    padding: 14px 16px;
    min-height: 48px;
    color: var(--c-text);
    text-decoration: none;
    font-weight: 500;
  }
  @media (min-width: 900px) {
    .topbar {
      display: none;
    }
    .layout {
      display: grid;
      grid-template-columns: 248px minmax(0, 1fr);
      /* Continues the side bar's colour below it on pages taller than the window. */
      background: linear-gradient(to right, #14253b 248px, transparent 248px);
    }
    .nav {
      position: sticky;
      top: 0;
      height: 100vh;
      display: flex;
      flex-direction: column;
      border-top: none;
      background: #14253b;
      color: #e8eef6;
      padding: 18px 12px;
    }
    .nav-brand {
      display: flex;
      padding: 0 10px 18px;
      color: #fff;
    }
    .nav ul {
      flex-direction: column;
      gap: 2px;
      flex: 1 1 auto;
    }
    .nav li,
    .nav .secondary {
      display: block;
      flex: none;
    }
    .nav .more-item {
      display: none;
    }
    .nav a {
      flex-direction: row;
      gap: 12px;
      padding: 10px 12px;
      min-height: 44px;
      border-radius: 8px;
      color: #d5dfeb;
      font-size: 0.95rem;
      font-weight: 500;
    }
    .nav a:hover {
      background: #1f3653;
      color: #fff;
    }
    .nav a[aria-current='page'] {
      background: #28476d;
      color: #fff;
    }
    .nav a[aria-current='page'] .icon {
      background: none;
    }
    .nav .icon {
      padding: 0;
      width: 22px;
      height: 22px;
    }
    .nav :focus-visible {
      outline-color: #9cc3ff;
    }
    .site-picker {
      display: flex;
      flex-direction: column;
      gap: 4px;
      padding: 0 10px 14px;
      font-size: 0.8rem;
      color: #c4d1e0;
    }
    .site-picker select {
      min-height: 36px;
      background: #1f3653;
      color: #fff;
      border-color: #5a7394;
    }
    .nav-footer {
      display: flex;
      flex-direction: column;
      gap: 10px;
      padding: 14px 10px 0;
      border-top: 1px solid #2c4566;
    }
    .who {
      display: flex;
      flex-direction: column;
      margin: 0;
    }
    .who-name {
      font-weight: 600;
      color: #fff;
      overflow-wrap: anywhere;
    }
    .who-role {
      font-size: 0.85rem;
      color: #c4d1e0;
    }
    .signout {
      display: flex;
      align-items: center;
      gap: 8px;
      background: none;
      border: 1px solid #5a7394;
      color: #e8eef6;
      border-radius: 8px;
      padding: 8px 12px;
      font: inherit;
      cursor: pointer;
    }
    .signout:hover {
      background: #1f3653;
    }
    main {
      padding: 28px 32px 48px;
      width: 100%;
    }
  }
`;
