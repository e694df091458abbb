import type { FrigateReview } from '../types';
import { globMatches } from './glob';
import { QueryReader } from './params';
import { sqliteJsonStringList } from './python-json';

export interface ReviewQuery {
  cameras: string;
  labels: string;
  zones: string;
  /** Undefined: reviewed and unreviewed (0.17's default). */
  reviewed: number | undefined;
  limit: number | undefined;
  severity: 'alert' | 'detection' | undefined;
  before: number;
  after: number;
}

/**
 * Read `GET /api/review` parameters. `before`/`after` default to now and now - 24 h (a zero
 * counts as unset); `reviewed` defaults to 0 before 0.17 and to both from 0.17.
 */
export function readReviewQuery(
  query: URLSearchParams,
  nowSeconds: number,
  minor: number,
): ReviewQuery {
  const reader = new QueryReader(query);
  const reviewed = minor >= 17 ? reader.int('reviewed') : reader.int('reviewed', 0);
  const parsed: ReviewQuery = {
    cameras: reader.string('cameras', 'all'),
    labels: reader.string('labels', 'all'),
    zones: reader.string('zones', 'all'),
    reviewed,
    limit: reader.int('limit'),
    severity: reader.choice('severity', ['alert', 'detection'] as const),
    before: reader.float('before') || nowSeconds,
    after: reader.float('after') || nowSeconds - 24 * 3600,
  };
  reader.finish();
  return parsed;
}

function listMatches(values: string[] | undefined, filter: string): boolean {
  const text = sqliteJsonStringList(values ?? []);
  return filter.split(',').some((name) => globMatches(`*"${name}"*`, text));
}

/**
 * Apply `GET /api/review` (0.16): any overlap with the window, newest first. `isReviewed`
 * reports the calling user's reviewed flag.
 */
export function selectReviews(
  reviews: FrigateReview[],
  query: ReviewQuery,
  isReviewed: (review: FrigateReview) => boolean,
): (FrigateReview & { has_been_reviewed: boolean })[] {
  const matching = reviews
    .filter(
      (review) =>
        review.start_time < query.before &&
        (review.end_time === null || review.end_time > query.after),
    )
    .filter((review) => query.cameras === 'all' || query.cameras.split(',').includes(review.camera))
    .filter(
      (review) =>
        query.labels === 'all' ||
        listMatches(review.data.objects, query.labels) ||
        listMatches(review.data.audio, query.labels),
    )
    .filter((review) => query.zones === 'all' || listMatches(review.data.zones, query.zones))
    .filter((review) => query.severity === undefined || review.severity === query.severity)
    .map((review) => ({ ...review, has_been_reviewed: isReviewed(review) }))
    .filter((review) => query.reviewed !== 0 || !review.has_been_reviewed)
    .sort((a, b) => b.start_time - a.start_time);
  return query.limit === undefined || query.limit < 0 ? matching : matching.slice(0, query.limit);
}
