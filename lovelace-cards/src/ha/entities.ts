import type { HassEntity, HomeAssistant } from './types';

/**
 * Returns true when any watched entity differs between two `hass` objects. Home Assistant
 * replaces an entity object only when that entity changed, so identity is enough.
 */
export function watchedEntitiesChanged(
  previous: HomeAssistant | undefined,
  next: HomeAssistant,
  entityIds: readonly string[],
): boolean {
  if (previous === undefined) return true;
  if (previous.locale?.language !== next.locale?.language) return true;
  if (previous.language !== next.language) return true;
  if (previous.themes?.darkMode !== next.themes?.darkMode) return true;
  return entityIds.some((id) => previous.states[id] !== next.states[id]);
}

/**
 * Path of a camera entity's still image through Home Assistant's camera proxy. The
 * `access_token` attribute rotates, so the path must be rebuilt from the newest state.
 */
export function cameraProxyPath(entity: HassEntity): string | undefined {
  const token = entity.attributes['access_token'];
  if (typeof token !== 'string' || token === '') return undefined;
  return `/api/camera_proxy/${encodeURIComponent(entity.entity_id)}?token=${encodeURIComponent(token)}`;
}

export function isOn(entity: HassEntity | undefined): boolean {
  return entity?.state === 'on';
}

export function friendlyName(entity: HassEntity | undefined): string | undefined {
  const name = entity?.attributes['friendly_name'];
  return typeof name === 'string' && name !== '' ? name : undefined;
}
