import { Writable } from 'node:stream';
import { MediaLinkSigner } from '@centinela/core';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../src/db/cursor';
import { intoRounds } from '../src/db/event-upsert';
import { jwtExpiry, tokenFromJwt, tokenFromSetCookie } from '../src/frigate-client/token';
import { normalizeConfigVersion, parseFrigateVersion } from '../src/frigate-client/version';
import { parseEventMessage, parseRestEvent } from '../src/ingest/parse-event';
import { MalformedCounter } from '../src/ingest/malformed';
import { parseReviewMessage } from '../src/ingest/parse-review';
import { readMediaLink } from '../src/routes/media-links';
import { parseRange } from '../src/media/range';
import { sniffImageType } from '../src/media/sniff';
import { JPEG_BYTES, WEBP_BYTES } from './support/media-files';
import {
  mqttEnd,
  mqttLegacy,
  mqttMalformed,
  mqttNew,
  mqttReviewEnd,
  mqttUpdate,
  restFinished,
  restInProgress,
  restNoMedia,
  restSingleWithSubLabel,
} from './support/payloads';

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

describe('event parsing', () => {
  it('reads the MQTT new message with pixel boxes', () => {
    const parsed = parseEventMessage(json(mqttNew));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.type).toBe('new');
    expect(parsed.value.event).toMatchObject({
      frigateEventId: '1717175000.111111-m1n2b3',
      camera: 'driveway',
      score: 0.81,
      topScore: 0.79,
      hasClip: true,
      hasSnapshot: false,
      zones: ['driveway_apron'],
      frameTime: 1717175001.311902,
      endTime: null,
    });
    expect(parsed.value.event.data.box_px).toEqual([520, 176, 590, 362]);
  });

  it('reads the [name, score] sub_label of an update', () => {
    const parsed = parseEventMessage(json(mqttUpdate));
    expect(parsed.ok && parsed.value.event).toMatchObject({
      subLabel: 'Alex',
      subLabelScore: 0.82,
      zones: ['driveway_apron', 'porch'],
    });
  });

  it('reads the end time of an end message', () => {
    const parsed = parseEventMessage(json(mqttEnd));
    expect(parsed.ok && parsed.value.event.endTime).toBe(1717175019.77);
  });

  it('reads the legacy string sub_label with no score', () => {
    const parsed = parseEventMessage(json(mqttLegacy));
    expect(parsed.ok && parsed.value.event).toMatchObject({
      subLabel: 'Alex',
      subLabelScore: null,
      topScore: 0.72,
    });
  });

  it('accepts a null sub_label score and unknown keys', () => {
    const after = {
      ...mqttUpdate.after,
      sub_label: ['Alex', null],
      some_future_key: { nested: true },
    };
    const parsed = parseEventMessage(json({ ...mqttUpdate, after }));
    expect(parsed.ok && parsed.value.event).toMatchObject({
      subLabel: 'Alex',
      subLabelScore: null,
    });
  });

  it('reads REST items of every shape', () => {
    const finished = parseRestEvent(restFinished);
    expect(finished.ok && finished.value).toMatchObject({
      score: 0.84,
      topScore: 0.8711,
      severity: 'alert',
      zones: ['driveway_apron', 'porch'],
    });
    const open = parseRestEvent(restInProgress);
    expect(open.ok && open.value).toMatchObject({ endTime: null, hasSnapshot: false });
    const single = parseRestEvent(restSingleWithSubLabel);
    expect(single.ok && single.value).toMatchObject({
      subLabel: 'Alex',
      subLabelScore: 0.79,
      topScore: 0.91,
    });
    const none = parseRestEvent(restNoMedia);
    expect(none.ok && none.value).toMatchObject({ hasClip: false, hasSnapshot: false });
  });

  it('falls back to top-level scores of events from before 0.12', () => {
    const parsed = parseRestEvent({ ...restNoMedia, top_score: 0.7, score: 0.6, data: {} });
    expect(parsed.ok && parsed.value).toMatchObject({ topScore: 0.7, score: 0.6 });
  });

  it('rejects the malformed example as an unknown type', () => {
    expect(parseEventMessage(json(mqttMalformed))).toEqual({ ok: false, reason: 'unknown_type' });
  });

  const valid = {
    id: '1717176000.0-abc123',
    camera: 'front_door',
    label: 'person',
    start_time: 1717176000.0,
    end_time: null,
  };
  it.each([
    ['missing id', { ...valid, id: undefined }, 'invalid_id'],
    ['start_time as a string', { ...valid, start_time: '1717176000.0' }, 'invalid_start_time'],
    ['end before start', { ...valid, end_time: 1717175000.0 }, 'end_before_start'],
    ['camera name with a space', { ...valid, camera: 'front door' }, 'invalid_camera'],
    ['empty label', { ...valid, label: '' }, 'invalid_label'],
  ])('rejects %s', (_name, after, reason) => {
    expect(parseEventMessage(json({ type: 'update', before: null, after }))).toEqual({
      ok: false,
      reason,
    });
  });

  it('rejects a missing after and invalid JSON', () => {
    expect(parseEventMessage(json({ type: 'new', before: {} }))).toEqual({
      ok: false,
      reason: 'missing_after',
    });
    expect(parseEventMessage(Buffer.from([0xff, 0xd8, 0xff]))).toEqual({
      ok: false,
      reason: 'invalid_json',
    });
  });

  it('reads a review end and rejects an unknown severity', () => {
    const parsed = parseReviewMessage(json(mqttReviewEnd));
    expect(parsed.ok && parsed.value.review).toMatchObject({
      severity: 'alert',
      endTime: 1717175031.7,
      detections: ['1717175000.111111-m1n2b3', '1717175009.4-c4r5t6'],
    });
    const bad = { ...mqttReviewEnd, after: { ...mqttReviewEnd.after, severity: 'critical' } };
    expect(parseReviewMessage(json(bad))).toEqual({ ok: false, reason: 'invalid_severity' });
  });

  it('rejects times PostgreSQL cannot store and labels with NUL characters', () => {
    const withAfter = (after: Record<string, unknown>) =>
      json({ type: 'new', before: mqttNew.after, after: { ...mqttNew.after, ...after } });
    expect(parseEventMessage(withAfter({ start_time: 1e300 }))).toEqual({
      ok: false,
      reason: 'invalid_start_time',
    });
    expect(parseEventMessage(withAfter({ end_time: 4_102_444_800 }))).toEqual({
      ok: false,
      reason: 'invalid_end_time',
    });
    expect(parseEventMessage(withAfter({ label: 'per\u0000son' }))).toEqual({
      ok: false,
      reason: 'invalid_label',
    });
  });

  it('cleans NUL characters and lone surrogates out of stored text', () => {
    const after = {
      ...mqttNew.after,
      sub_label: ['\u0000', 0.8],
      entered_zones: ['\u0000', 'yard\u0000'],
      '__proto__\u0000': { deep: ['x\uD800'] },
    };
    const parsed = parseEventMessage(json({ type: 'new', before: after, after }));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const { event } = parsed.value;
    expect(event.subLabel).toBeNull();
    expect(event.subLabelScore).toBeNull();
    expect(event.zones).toEqual(['yard']);
    expect(JSON.stringify(event.raw)).not.toMatch(/\\u0000|\\ud800/i);
    expect(Object.getOwnPropertyNames(event.raw)).toContain('__proto__');
    expect((event.raw.__proto__ as unknown as { deep: string[] }).deep).toEqual(['x\uFFFD']);
  });
});

describe('helpers', () => {
  it('parses the leading version of /api/version', () => {
    expect(parseFrigateVersion('0.16.4-a1b2c3d')).toMatchObject({ major: 0, minor: 16, patch: 4 });
    expect(parseFrigateVersion('0.17.0-beta1-abcdef')).toMatchObject({ minor: 17, patch: 0 });
    expect(parseFrigateVersion('nginx error')).toBeNull();
  });

  it('normalises the config version of every kind', () => {
    expect(normalizeConfigVersion('0.16-0')).toBe('0.16-0');
    expect(normalizeConfigVersion(0.14)).toBe('0.14');
    expect(normalizeConfigVersion(undefined)).toBeNull();
  });

  it('reads the frigate_token cookie and plans the refresh an hour before exp', () => {
    const payload = Buffer.from(JSON.stringify({ sub: 'u', exp: 1_000_000 })).toString('base64url');
    const jwt = `eyJhbGciOiJIUzI1NiJ9.${payload}.c2ln`;
    const token = tokenFromSetCookie(
      [`other=1; Path=/`, `frigate_token=${jwt}; HttpOnly; Path=/`],
      900_000,
    );
    expect(token).toEqual({ jwt, expiresAt: 1_000_000, refreshAt: 1_000_000 - 3600 });
    expect(tokenFromJwt(jwt, 999_000).refreshAt).toBe(999_500);
    expect(jwtExpiry('not-a-jwt')).toBeNull();
    expect(tokenFromSetCookie(undefined, 0)).toBeNull();
  });

  it('parses single byte ranges', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-9', 1000)).toBeNull();
  });

  it('sniffs JPEG and WebP', () => {
    expect(sniffImageType(JPEG_BYTES)).toBe('image/jpeg');
    expect(sniffImageType(WEBP_BYTES)).toBe('image/webp');
    expect(sniffImageType(Buffer.from('plain text here'))).toBeNull();
  });

  it('round-trips a cursor and rejects a forged one', () => {
    const cursor = {
      startKey: '2026-12-04T14:31:02.123456Z',
      id: '0b7c6f5e-1d2a-4c3b-9e8f-7a6b5c4d3e2f',
    };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor(Buffer.from('2026|x').toString('base64url'))).toBeNull();
  });

  it('splits repeated ids into ordered rounds', () => {
    const rounds = intoRounds([
      { frigateEventId: 'a' },
      { frigateEventId: 'b' },
      { frigateEventId: 'a' },
      { frigateEventId: 'a' },
    ]);
    expect(rounds.map((round) => round.map((event) => event.frigateEventId))).toEqual([
      ['a', 'b'],
      ['a'],
      ['a'],
    ]);
  });
});

describe('malformed message counter', () => {
  it('logs the topic and reason, at most once per reason every ten seconds', () => {
    const lines: Array<Record<string, unknown>> = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    let now = 0;
    const counter = new MalformedCounter(pino({ level: 'warn' }, stream), () => now);
    counter.record('frigate/events', 'unknown_type');
    counter.record('frigate/events', 'unknown_type');
    counter.record('frigate/reviews', 'invalid_severity');
    now = 10_000;
    counter.record('frigate/events', 'unknown_type');

    expect(counter.total).toBe(4);
    expect(lines.map((line) => [line.topic, line.reason, line.skippedSinceLastWarning])).toEqual([
      ['frigate/events', 'unknown_type', 0],
      ['frigate/reviews', 'invalid_severity', 0],
      ['frigate/events', 'unknown_type', 1],
    ]);
    expect(counter.takePending()).toEqual({ unknown_type: 3, invalid_severity: 1 });
    expect(counter.takePending()).toEqual({});
  });
});

describe('media link check', () => {
  const signer = new MediaLinkSigner(Buffer.alloc(32, 7).toString('base64'));
  const claims = {
    siteId: 'casa',
    eventId: '0b7c6f5e-1d2a-4c3b-9e8f-7a6b5c4d3e2f',
    kind: 'clip' as const,
    expiresAt: 2_000,
  };

  it('returns the claims of a link before its expiry', () => {
    expect(readMediaLink(signer, signer.sign(claims), 1_999)).toEqual(claims);
  });

  it('tells an expired link from a forged one', () => {
    expect(() => readMediaLink(signer, signer.sign(claims), 2_001)).toThrow(
      expect.objectContaining({ code: 'CEN_ERR_MEDIA_LINK_EXPIRED', statusCode: 410 }),
    );
    const other = new MediaLinkSigner(Buffer.alloc(32, 8).toString('base64'));
    expect(() => readMediaLink(signer, other.sign(claims), 1_000)).toThrow(
      expect.objectContaining({ code: 'CEN_ERR_MEDIA_LINK_INVALID', statusCode: 404 }),
    );
  });
});
