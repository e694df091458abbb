import type { PortalHttp } from './api/http';
import type { CurrentUser, Site } from './api/types';
import type { Language } from './i18n';

/** Shared state of the signed-in screens. The app replaces the object when any part changes. */
export interface PortalContext {
  http: PortalHttp;
  lang: Language;
  user: CurrentUser;
  sites: Site[];
  /** Site the API calls address (`X-Centinela-Site`); undefined lets the server pick. */
  siteId: string | undefined;
}

/**
 * Checks whether Home Assistant signed the user in through ingress. Such a user has no Centinela
 * password or session: signing out, changing the password and TOTP happen in Home Assistant.
 */
export function signedInByHomeAssistant(context: PortalContext): boolean {
  return context.user.via === 'ingress';
}
