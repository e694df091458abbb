import type { Principal } from '@centinela/core';

/**
 * Return the camera ids a principal may see, for use in queries. Null means every camera (no
 * filter), and an array (possibly empty) means only those cameras. An empty array must match
 * nothing, so write `camera_id = any(?)` rather than skipping the condition.
 *
 *   const cameras = cameraFilter(request.principal);
 *   const where = cameras === null ? { siteId } : { siteId, cameraId: { $in: cameras } };
 */
export function cameraFilter(principal: Pick<Principal, 'cameraScope'> | null): string[] | null {
  if (principal === null) return [];
  return principal.cameraScope === null ? null : [...principal.cameraScope];
}

/** Check whether a principal may see one camera (single-item reads, media, WebSocket messages). */
export function canSeeCamera(
  principal: Pick<Principal, 'cameraScope'> | null,
  cameraId: string,
): boolean {
  const allowed = cameraFilter(principal);
  return allowed === null || allowed.includes(cameraId);
}
