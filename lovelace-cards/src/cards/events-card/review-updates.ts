import type { ReviewItem } from '../../api/types';
import type { SeverityFilter } from './const';

export interface ReviewMessageData {
  kind: string;
  review: ReviewItem;
}

// TODO: the API lists the `reviews:<site_id>` topic without its payload; this assumes
// `{kind, review}` like the `{kind, event}` payload of `events:<site_id>`.
export function isReviewMessageData(data: unknown): data is ReviewMessageData {
  if (typeof data !== 'object' || data === null) return false;
  const review = (data as Record<string, unknown>)['review'];
  return (
    typeof review === 'object' &&
    review !== null &&
    typeof (review as Record<string, unknown>)['id'] === 'string'
  );
}

/** Replaces a review item in place or puts a new matching one first; undefined when unchanged. */
export function upsertReview(
  items: readonly ReviewItem[],
  review: ReviewItem,
  severity: SeverityFilter,
  cameraId: string | undefined,
): ReviewItem[] | undefined {
  const index = items.findIndex((item) => item.id === review.id);
  if (index !== -1) {
    const next = [...items];
    next[index] = review;
    return next;
  }
  if (severity !== 'all' && review.severity !== severity) return undefined;
  if (cameraId !== undefined && review.camera_id !== cameraId) return undefined;
  return [review, ...items];
}
