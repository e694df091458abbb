import type { EventBus, PluginContext } from '@centinela/core';
import { detectionMessage, eventItem, reviewItem } from './api-items';
import type { CameraRecord } from './db/camera-store';
import type { StoredEvent } from './db/event-upsert';
import type { StoredReview } from './db/review-upsert';

export const EVENTS_TOPIC_PREFIX = 'events:';
export const REVIEWS_TOPIC_PREFIX = 'reviews:';

/** Send stored detections to the bus (Home Assistant, audit) and to WebSocket subscribers. */
export function publishEvents(
  context: Pick<PluginContext, 'bus' | 'hub'>,
  siteId: string,
  stored: StoredEvent[],
): void {
  for (const { kind, event } of stored) {
    context.bus.publish('detection', detectionMessage(kind, event));
    context.hub.publish(
      `${EVENTS_TOPIC_PREFIX}${siteId}`,
      { kind, event: eventItem(event) },
      { cameraId: event.cameraId },
    );
  }
}

export function publishReviews(
  context: Pick<PluginContext, 'hub'>,
  siteId: string,
  stored: StoredReview[],
): void {
  for (const { kind, review } of stored) {
    context.hub.publish(
      `${REVIEWS_TOPIC_PREFIX}${siteId}`,
      { kind, review: reviewItem(review) },
      { cameraId: review.cameraId },
    );
  }
}

/** Announce a site's camera list (Home Assistant discovery follows it). */
export function cameraItemsChanged(bus: EventBus, siteId: string, cameras: CameraRecord[]): void {
  bus.publish('cameras.changed', {
    siteId,
    cameras: cameras.map((camera) => ({
      id: camera.id,
      name: camera.name,
      friendlyName: camera.friendlyName,
      labels: camera.labels,
      enabled: camera.enabled,
    })),
  });
}
