import type { FrigateReview } from '../types';

/** Callbacks for each change, so that the state writer saves only what changed. */
export interface ReviewChangeListener {
  reviewChanged(id: string): void;
  reviewedStateChanged(): void;
}

const ignoreChanges: ReviewChangeListener = {
  reviewChanged: () => undefined,
  reviewedStateChanged: () => undefined,
};

/** Review segments in insertion order, plus the per-user reviewed flags of 0.16. */
export class ReviewStore {
  private readonly byId = new Map<string, FrigateReview>();
  private readonly reviewedBy = new Map<string, Set<string>>();

  constructor(private readonly changes: ReviewChangeListener = ignoreChanges) {}

  upsert(review: FrigateReview): void {
    this.byId.set(review.id, review);
    this.changes.reviewChanged(review.id);
  }

  get(id: string): FrigateReview | undefined {
    return this.byId.get(id);
  }

  delete(id: string): void {
    this.byId.delete(id);
    this.changes.reviewChanged(id);
    let reviewedChanged = false;
    for (const ids of this.reviewedBy.values()) reviewedChanged = ids.delete(id) || reviewedChanged;
    if (reviewedChanged) this.changes.reviewedStateChanged();
  }

  all(): FrigateReview[] {
    return [...this.byId.values()];
  }

  findByEvent(eventId: string): FrigateReview | undefined {
    return this.all().find((review) => review.data.detections.includes(eventId));
  }

  isReviewed(user: string, id: string): boolean {
    return this.reviewedBy.get(user)?.has(id) ?? false;
  }

  setReviewed(user: string, id: string, reviewed: boolean): void {
    let ids = this.reviewedBy.get(user);
    if (ids === undefined) {
      ids = new Set();
      this.reviewedBy.set(user, ids);
    }
    if (reviewed) ids.add(id);
    else ids.delete(id);
    this.changes.reviewedStateChanged();
  }

  exportReviewed(): Record<string, string[]> {
    return Object.fromEntries([...this.reviewedBy].map(([user, ids]) => [user, [...ids]]));
  }

  importReviewed(reviewed: Record<string, string[]>): void {
    for (const [user, ids] of Object.entries(reviewed)) this.reviewedBy.set(user, new Set(ids));
  }
}
