import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  FrigateErrors,
  type FrigateService as FrigateEventsService,
} from '@centinela/plugin-frigate-events';
import { classify, isFrigateService, type FrigateService } from '../src/source/frigate-adapter';

describe('frigate service adapter', () => {
  it('accepts the frigate-events service type', () => {
    expectTypeOf<FrigateEventsService>().toExtend<FrigateService>();
    expect(isFrigateService({ getEvent() {} })).toBe(false);
  });

  it.each([
    [FrigateErrors.eventNotFound('e-1'), 'not-found'],
    [FrigateErrors.eventNoClip('e-1'), 'no-media'],
    [FrigateErrors.eventNoSnapshot('e-1'), 'no-media'],
    [FrigateErrors.frigateUnreachable('connection refused'), 'unavailable'],
    [FrigateErrors.frigateTimeout('the clip request'), 'unavailable'],
    [FrigateErrors.frigateBadResponse('HTTP 500'), 'unavailable'],
    [FrigateErrors.notRunning('casa'), 'unavailable'],
    [new Error('socket hang up'), 'unavailable'],
  ])('classifies %s', (error, failure) => {
    expect(classify(error, 'clip request').failure).toBe(failure);
  });

  it('keeps the retry time of media not ready', () => {
    const error = FrigateErrors.mediaNotReady('e-1', 'clip', { headers: { 'retry-after': '3' } });
    const failure = classify(error, 'clip request');
    expect(failure.failure).toBe('not-ready');
    expect(failure.retryAfterSeconds).toBe(3);
  });
});
