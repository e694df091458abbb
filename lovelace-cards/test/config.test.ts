import { describe, expect, it } from 'vitest';
import {
  camerasCardEntityIds,
  validateCamerasCardConfig,
} from '../src/cards/cameras-card/cameras-card-config';
import { validateEventsCardConfig } from '../src/cards/events-card/events-card-config';
import { CardConfigError } from '../src/shared/config-validation';

describe('cameras card config', () => {
  it('fills defaults for a minimal config', () => {
    expect(validateCamerasCardConfig({ type: 'custom:centinela-cameras-card' })).toEqual({
      type: 'custom:centinela-cameras-card',
      refresh_interval: 10,
    });
  });

  it('accepts bare camera IDs and full mappings', () => {
    const config = validateCamerasCardConfig({
      type: 'custom:centinela-cameras-card',
      url: 'http://nvr.lan:8080/',
      token: 'cen_abc',
      refresh_interval: '30',
      cameras: [
        'patio',
        {
          id: 'entrada',
          name: 'Front door',
          camera_entity: 'camera.entrada',
          occupancy_entity: 'binary_sensor.entrada_person_occupancy',
        },
      ],
    });
    expect(config.refresh_interval).toBe(30);
    expect(config.url).toBe('http://nvr.lan:8080/');
    expect(config.cameras).toEqual([
      { id: 'patio' },
      {
        id: 'entrada',
        name: 'Front door',
        camera_entity: 'camera.entrada',
        occupancy_entity: 'binary_sensor.entrada_person_occupancy',
      },
    ]);
    expect(camerasCardEntityIds(config)).toEqual([
      'camera.entrada',
      'binary_sensor.entrada_person_occupancy',
    ]);
  });

  it('accepts an ingress path and an empty url', () => {
    expect(validateCamerasCardConfig({ url: '/api/hassio_ingress/abc123' }).url).toBe(
      '/api/hassio_ingress/abc123',
    );
    expect(validateCamerasCardConfig({ url: '' }).url).toBe('');
  });

  const invalid: [string, unknown, string][] = [
    ['a list', [], 'must be a mapping of options'],
    [
      'a wrong type',
      { type: 'custom:other-card' },
      '"type" must be "custom:centinela-cameras-card"',
    ],
    [
      'a short interval',
      { refresh_interval: 1 },
      '"refresh_interval" must be a whole number from 2 to 3600 seconds (got 1)',
    ],
    ['a text interval', { refresh_interval: 'often' }, '(got "often")'],
    ['a url without scheme', { url: 'nvr.lan:8080' }, '"url" must be empty, an http(s) address'],
    ['cameras as text', { cameras: 'entrada' }, '"cameras" must be a list'],
    ['a camera without id', { cameras: [{ name: 'x' }] }, '"cameras[0].id" is missing'],
    [
      'a light as camera entity',
      { cameras: [{ id: 'a', camera_entity: 'light.salon' }] },
      'must be a camera entity ID',
    ],
    [
      'a sensor as occupancy entity',
      { cameras: [{ id: 'a', occupancy_entity: 'sensor.a' }] },
      '"cameras[0].occupancy_entity" must be a binary_sensor entity ID',
    ],
  ];
  for (const [name, input, message] of invalid) {
    it(`rejects ${name}`, () => {
      expect(() => validateCamerasCardConfig(input)).toThrow(CardConfigError);
      expect(() => validateCamerasCardConfig(input)).toThrow(message);
    });
  }

  it('names the card and the option in the error', () => {
    try {
      validateCamerasCardConfig({ refresh_interval: 0 });
      expect.unreachable();
    } catch (error) {
      expect((error as CardConfigError).message.startsWith('centinela-cameras-card: ')).toBe(true);
      expect((error as CardConfigError).option).toBe('refresh_interval');
    }
  });
});

describe('events card config', () => {
  it('fills defaults for a minimal config', () => {
    expect(validateEventsCardConfig({ type: 'custom:centinela-events-card' })).toEqual({
      type: 'custom:centinela-events-card',
      limit: 20,
      time_range: '24h',
      mode: 'events',
      severity: 'all',
      show_filters: true,
      max_height: 480,
    });
  });

  it('keeps filters, labels and the event entity', () => {
    const config = validateEventsCardConfig({
      camera_id: 'entrada',
      label: 'person',
      labels: ['person', ' car '],
      mode: 'reviews',
      severity: 'alert',
      limit: 200,
      event_entity: 'event.entrada_detection',
      show_filters: false,
    });
    expect(config).toMatchObject({
      camera_id: 'entrada',
      label: 'person',
      labels: ['person', 'car'],
      mode: 'reviews',
      severity: 'alert',
      limit: 200,
      event_entity: 'event.entrada_detection',
      show_filters: false,
    });
  });

  const invalid: [string, unknown, string][] = [
    [
      'a limit above the API maximum',
      { limit: 201 },
      '"limit" must be a whole number from 1 to 200',
    ],
    [
      'an unknown time range',
      { time_range: '2h' },
      '"time_range" must be one of 1h, 24h, 7d, 30d, all (got "2h")',
    ],
    ['an unknown mode', { mode: 'grid' }, '"mode" must be one of events, reviews'],
    ['a text show_filters', { show_filters: 'no' }, '"show_filters" must be true or false'],
    ['an empty label', { labels: ['person', ''] }, '"labels[1]" must be an object label'],
    [
      'a sensor as event entity',
      { event_entity: 'sensor.x' },
      '"event_entity" must be a event entity ID',
    ],
    [
      'a tiny list height',
      { max_height: 20 },
      '"max_height" must be a whole number from 160 to 4000 pixels',
    ],
  ];
  for (const [name, input, message] of invalid) {
    it(`rejects ${name}`, () => {
      expect(() => validateEventsCardConfig(input)).toThrow(message);
    });
  }
});
