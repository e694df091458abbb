import { describe, expect, it } from 'vitest';
import {
  fieldKind,
  maskedSecretPaths,
  normalizeProblemPath,
  SECRET_MASK,
  withDefaults,
  writePath,
} from '../../portal/src/schema-form/schema';
import { validateConfig } from '../../portal/src/schema-form/validate';
import gdriveBackupPlugin from '@centinela/plugin-gdrive-backup';
import type { JsonSchema } from '../../portal/src/schema-form/schema';

/** The backup plugin's real config schema, the largest form the portal generates. */
const GDRIVE_SCHEMA = gdriveBackupPlugin.manifest.configSchema as JsonSchema & {
  properties: Record<string, JsonSchema>;
};

describe('plugin config schema helpers', () => {
  it('fills defaults recursively without losing set values', () => {
    const value = withDefaults(GDRIVE_SCHEMA, {
      remote: 'gdrive',
      include: { clips: false },
    }) as Record<string, unknown>;
    expect(value['remote']).toBe('gdrive');
    expect(value['retention_days']).toBe(30);
    expect(value['evidence_retention_days']).toBeNull();
    expect(value['include']).toEqual({ recordings: true, clips: false, evidence: true });
  });

  it('maps schema types to field kinds', () => {
    const properties = GDRIVE_SCHEMA.properties;
    expect(fieldKind(properties.retention_days)).toBe('integer');
    expect(fieldKind(properties.evidence_retention_days)).toBe('integer');
    expect(fieldKind(properties.day_mode)).toBe('enum');
    expect(fieldKind(properties.include)).toBe('object');
    expect(fieldKind(properties.crypt)).toBe('boolean');
    expect(fieldKind({ type: 'array', items: { type: 'string' } })).toBe('string-list');
    expect(fieldKind({ type: 'array', items: { enum: ['a', 'b'] } })).toBe('enum-list');
  });

  it('reports range and required problems at their paths', () => {
    const problems = validateConfig(GDRIVE_SCHEMA, { retention_days: 0, include: {} });
    expect(problems.get('config.retention_days')).toEqual({ key: 'minimum', values: { min: 1 } });
    const required = { type: 'object', required: ['url'], properties: { url: { type: 'string' } } };
    expect(validateConfig(required, { url: '' }).get('config.url')?.key).toBe('required');
    expect(validateConfig(required, {}).get('config.url')?.key).toBe('required');
  });

  it('checks an emptied text field the way the server does', () => {
    const problems = validateConfig(GDRIVE_SCHEMA, { remote: '', bandwidth_limit: '' });
    expect(problems.get('config.remote')?.key).toBe('pattern');
    expect(problems.has('config.bandwidth_limit')).toBe(false);
  });

  it('rejects a fractional integer and a bad pattern', () => {
    const problems = validateConfig(GDRIVE_SCHEMA, { remote: 'has space', retention_days: 2.5 });
    expect(problems.get('config.retention_days')?.key).toBe('integer');
    expect(problems.get('config.remote')?.key).toBe('pattern');
  });

  it('accepts null for a nullable integer', () => {
    const problems = validateConfig(GDRIVE_SCHEMA, {
      remote: 'local',
      evidence_retention_days: null,
    });
    expect(problems.size).toBe(0);
  });

  it('normalises problem fields to form paths', () => {
    expect(normalizeProblemPath('config.include.clips')).toBe('config.include.clips');
    expect(normalizeProblemPath('body/config/remote')).toBe('config.remote');
    expect(normalizeProblemPath('/retention_days')).toBe('config.retention_days');
    expect(normalizeProblemPath('config')).toBe('config');
  });

  it('finds secrets the API sent masked', () => {
    const config = { remote: 'gdrive', rclone_config_pass: SECRET_MASK };
    expect(maskedSecretPaths(GDRIVE_SCHEMA, config, ['rclone_config_pass'])).toEqual([
      'config.rclone_config_pass',
    ]);
    expect(
      maskedSecretPaths(GDRIVE_SCHEMA, { rclone_config_pass: '' }, ['rclone_config_pass']),
    ).toEqual([]);
  });

  it('writes nested paths into a copy', () => {
    const original = { include: { clips: true } };
    const next = writePath(original, 'config.include.clips', false);
    expect(next).toEqual({ include: { clips: false } });
    expect(original.include.clips).toBe(true);
    expect(writePath(next, 'config.include', undefined)).toEqual({});
  });
});
