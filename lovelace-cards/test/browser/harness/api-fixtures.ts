import type { Camera, CentinelaEvent, CurrentUser, ReviewItem, Role } from '../../../src/api/types';

export const SITE_ID = 'casa';

export function fixtureCameras(now: number): Camera[] {
  const recent = new Date(now - 60_000).toISOString();
  return [
    camera('entrada', 'Entrada', true, 7, ['person'], recent),
    camera('patio', 'Patio', true, 3, [], recent),
    camera('garaje', 'Garaje', false, 0, [], null),
  ];
}

function camera(
  id: string,
  friendlyName: string,
  online: boolean,
  detections: number,
  activeLabels: string[],
  lastEventAt: string | null,
): Camera {
  return {
    id,
    site_id: SITE_ID,
    name: id,
    friendly_name: friendlyName,
    enabled: true,
    online,
    detections_today: detections,
    active_labels: activeLabels,
    last_event_at: lastEventAt,
    snapshot_url: `/api/cameras/${id}/latest.jpg`,
  };
}

const LABELS = ['person', 'car', 'dog', 'person', 'cat'];
const CAMERA_IDS = ['entrada', 'patio'];

/** `count` events, newest first, seven minutes apart, the newest still in progress. */
export function fixtureEvents(now: number, count: number): CentinelaEvent[] {
  return Array.from({ length: count }, (_unused, index) => {
    const start = new Date(now - (index * 7 + 1) * 60_000);
    const cameraId = CAMERA_IDS[index % CAMERA_IDS.length]!;
    return fixtureEvent({
      id: `evt-${String(index).padStart(4, '0')}`,
      cameraId,
      label: LABELS[index % LABELS.length]!,
      start,
      inProgress: index === 0,
      hasClip: index % 6 !== 5,
      severity: index % 4 === 0 ? 'alert' : 'detection',
    });
  });
}

export function fixtureEvent(options: {
  id: string;
  cameraId: string;
  label: string;
  start: Date;
  inProgress: boolean;
  hasClip: boolean;
  severity: 'alert' | 'detection';
}): CentinelaEvent {
  const { id } = options;
  return {
    id,
    site_id: SITE_ID,
    camera_id: options.cameraId,
    camera: options.cameraId,
    frigate_event_id: `${Math.floor(options.start.getTime() / 1000)}.123456-${id}`,
    label: options.label,
    sub_label: options.label === 'person' && id.endsWith('3') ? 'Ana' : null,
    sub_label_score: null,
    score: 0.81,
    top_score: 0.92,
    start_time: options.start.toISOString(),
    end_time: options.inProgress ? null : new Date(options.start.getTime() + 42_000).toISOString(),
    in_progress: options.inProgress,
    has_clip: options.hasClip,
    has_snapshot: true,
    zones: options.cameraId === 'entrada' ? ['porche'] : [],
    severity: options.severity,
    snapshot_url: `/api/events/${id}/snapshot`,
    clip_url: `/api/events/${id}/clip`,
    thumbnail_url: `/api/events/${id}/thumbnail`,
  };
}

/** Review items grouping consecutive pairs of events. */
export function fixtureReviews(events: CentinelaEvent[]): ReviewItem[] {
  const reviews: ReviewItem[] = [];
  for (let index = 0; index + 1 < events.length; index += 2) {
    const first = events[index]!;
    const second = events[index + 1]!;
    reviews.push({
      id: `rev-${String(index / 2).padStart(4, '0')}`,
      camera_id: first.camera_id,
      camera: first.camera,
      frigate_review_id: `${Math.floor(Date.parse(first.start_time) / 1000)}.0-rev${index}`,
      severity: first.severity ?? 'detection',
      start_time: second.start_time,
      end_time: first.end_time,
      objects: [...new Set([first.label, second.label])],
      zones: first.zones,
      sub_labels: [],
      event_ids: [first.id, second.id],
    });
  }
  return reviews;
}

const PERMISSIONS: Record<Role, string[]> = {
  SuperAdmin: [
    'events:read',
    'cameras:read',
    'evidence:export',
    'evidence:read',
    'cameras:manage',
    'audit:read',
  ],
  Admin: ['events:read', 'cameras:read', 'evidence:export', 'evidence:read'],
  ReadOnly: ['events:read', 'cameras:read'],
};

export function fixtureUser(role: Role): CurrentUser {
  return {
    id: `user-${role.toLowerCase()}`,
    email: `${role.toLowerCase()}@example.com`,
    display_name: role,
    role,
    permissions: PERMISSIONS[role],
    mfa_enabled: role !== 'ReadOnly',
    camera_scope: null,
  };
}
