/**
 * Services plugins share with each other (the audit recorder, the authenticator, the
 * authorizer ...). Plugins add their entries to `CentinelaServices` by declaration merging:
 *
 *   declare module '@centinela/core' { interface CentinelaServices { audit: AuditService } }
 */
import type { MediaLinkSigner } from '../homeassistant/signed-links';
import type { HomeAssistantUserGroups } from '../homeassistant/user-groups';

export interface CentinelaServices {
  /** Signs and checks the expiring links to one event's media sent in phone notifications. */
  mediaLinks: MediaLinkSigner;
  /** Home Assistant groups of a user, for ingress role mapping; only inside the add-on. */
  homeAssistantUserGroups: HomeAssistantUserGroups;
}

export class ServiceRegistry {
  private readonly services = new Map<string, unknown>();

  provide<K extends keyof CentinelaServices & string>(name: K, service: CentinelaServices[K]): void {
    if (this.services.has(name)) throw new Error(`Service "${name}" is already provided.`);
    this.services.set(name, service);
  }

  get<K extends keyof CentinelaServices & string>(name: K): CentinelaServices[K] {
    const service = this.services.get(name);
    if (service === undefined) {
      throw new Error(`Service "${name}" is not available; is its plugin installed?`);
    }
    return service as CentinelaServices[K];
  }

  find<K extends keyof CentinelaServices & string>(name: K): CentinelaServices[K] | undefined {
    return this.services.get(name) as CentinelaServices[K] | undefined;
  }
}
