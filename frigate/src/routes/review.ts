import { failure, json } from '../http/results';
import type { Router } from '../http/router';
import { readReviewQuery, selectReviews } from '../query/review-query';
import { toReview } from '../shapes/rest';
import type { RouteDeps } from './deps';

/** `/api/review` and its item routes, with 0.16's per-user reviewed flag. */
export function registerReviewRoutes(router: Router, deps: RouteDeps): void {
  const { reviews, version } = deps;

  router.get('/api/review', ({ query, user }) => {
    const parsed = readReviewQuery(query, deps.clock(), version.minor);
    const rows = selectReviews(reviews.all(), parsed, (review) =>
      reviews.isReviewed(user.name, review.id),
    );
    return json(
      200,
      rows.map((row) => ({ ...toReview(row), has_been_reviewed: row.has_been_reviewed })),
    );
  });

  router.get('/api/review_ids', ({ query }) => {
    const ids = (query.get('ids') ?? '').split(',');
    return json(
      200,
      reviews
        .all()
        .filter((review) => ids.includes(review.id))
        .map(toReview),
    );
  });

  router.get('/api/review/event/{eventId}', ({ params }) => {
    const review = reviews.findByEvent(params.eventId!);
    if (review === undefined) return failure(404, 'Review item not found');
    return json(200, toReview(review));
  });

  router.get('/api/review/{id}', ({ params }) => {
    const review = reviews.get(params.id!);
    if (review === undefined) return failure(404, 'Review item not found');
    return json(200, toReview(review));
  });

  router.post('/api/reviews/viewed', ({ body, user }) => {
    const ids = (body as { ids?: unknown } | undefined)?.ids;
    if (Array.isArray(ids)) {
      for (const id of ids.map(String))
        if (reviews.get(id) !== undefined) reviews.setReviewed(user.name, id, true);
    }
    return json(200, { success: true, message: 'Reviewed multiple items' });
  });

  router.delete('/api/review/{id}/viewed', ({ params, user }) => {
    const id = params.id!;
    if (reviews.get(id) === undefined) return failure(404, `Review ${id} not found`);
    reviews.setReviewed(user.name, id, false);
    return json(200, { success: true, message: `Set Review ${id} as not viewed` });
  });
}
