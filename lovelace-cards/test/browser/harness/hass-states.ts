import type { HassEntities } from '../../../src/ha/types';

/**
 * `hass.states` entries shaped like the items of Home Assistant's `get_states` result:
 * a Frigate camera entity with its rotating `access_token`, an MQTT occupancy
 * binary_sensor, an MQTT event entity and a timestamp sensor, plus an unrelated light.
 */
export function fixtureHassStates(now: number): HassEntities {
  const at = (offsetMs: number) => new Date(now - offsetMs).toISOString().replace('Z', '+00:00');
  const context = (id: string) => ({ id, parent_id: null, user_id: null });
  const token = 'b6f0c1d2e3a4958677c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4';
  return {
    'camera.entrada': {
      entity_id: 'camera.entrada',
      state: 'streaming',
      attributes: {
        access_token: token,
        brand: 'Frigate',
        model_name: 'Frigate NVR',
        friendly_name: 'Entrada',
        supported_features: 2,
        entity_picture: `/api/camera_proxy/camera.entrada?token=${token}`,
      },
      last_changed: at(3_600_000),
      last_updated: at(240_000),
      last_reported: at(240_000),
      context: context('01JF3Q8M6Y2C4W7K9T1V5X8B2D'),
    },
    'binary_sensor.entrada_person_occupancy': {
      entity_id: 'binary_sensor.entrada_person_occupancy',
      state: 'off',
      attributes: { device_class: 'occupancy', friendly_name: 'Entrada Persona' },
      last_changed: at(600_000),
      last_updated: at(600_000),
      last_reported: at(600_000),
      context: context('01JF3Q9A1B2C3D4E5F6G7H8J9K'),
    },
    'event.entrada_detection': {
      entity_id: 'event.entrada_detection',
      state: at(60_000),
      attributes: {
        event_types: ['person', 'car', 'dog', 'cat'],
        event_type: 'person',
        event_id: 'evt-0000',
        score: 0.92,
        friendly_name: 'Entrada Detección',
      },
      last_changed: at(60_000),
      last_updated: at(60_000),
      last_reported: at(60_000),
      context: context('01JF3QAB2C3D4E5F6G7H8J9K0M'),
    },
    'sensor.entrada_last_detection': {
      entity_id: 'sensor.entrada_last_detection',
      state: at(60_000),
      attributes: {
        device_class: 'timestamp',
        label: 'person',
        friendly_name: 'Entrada Última detección',
      },
      last_changed: at(60_000),
      last_updated: at(60_000),
      last_reported: at(60_000),
      context: context('01JF3QBC3D4E5F6G7H8J9K0M1N'),
    },
    'light.salon': {
      entity_id: 'light.salon',
      state: 'off',
      attributes: {
        supported_color_modes: ['brightness'],
        color_mode: null,
        brightness: null,
        friendly_name: 'Salón',
        supported_features: 40,
      },
      last_changed: at(7_200_000),
      last_updated: at(7_200_000),
      last_reported: at(7_200_000),
      context: context('01JF3QCD4E5F6G7H8J9K0M1N2P'),
    },
  };
}
