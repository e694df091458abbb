import { describe, expect, it } from 'vitest';
import { cameraDiscovery, siteDiscovery, slug } from '../../src/homeassistant/discovery';

// Required keys per platform and the key set shared by all, from Home Assistant's MQTT
// discovery documentation (binary_sensor, sensor, event).
const REQUIRED: Record<string, string[]> = {
  binary_sensor: ['state_topic'],
  sensor: ['state_topic'],
  event: ['state_topic', 'event_types'],
};
const TOPIC = /^homeassistant\/(binary_sensor|sensor|event)\/[a-zA-Z0-9_-]+\/config$/;

const camera = { siteId: 'casa', name: 'Entrada-Principal', friendlyName: 'Entrada principal', labels: ['person', 'car'] };

describe('home assistant discovery payloads', () => {
  const messages = [...cameraDiscovery(camera), ...siteDiscovery('casa')];

  it('use valid config topics', () => {
    for (const message of messages) expect(message.topic).toMatch(TOPIC);
  });

  it('carry the required keys of each platform', () => {
    for (const message of messages) {
      const platform = message.topic.split('/')[1]!;
      for (const key of REQUIRED[platform]!) expect(message.payload, `${message.topic} ${key}`).toHaveProperty(key);
    }
  });

  it('use default_entity_id of the right domain and never object_id', () => {
    for (const message of messages) {
      const platform = message.topic.split('/')[1]!;
      expect(message.payload).not.toHaveProperty('object_id');
      expect(message.payload.default_entity_id).toMatch(new RegExp(`^${platform}\\.[a-z0-9_]+$`));
    }
  });

  it('give every entity a unique id, a device, availability and an origin', () => {
    const ids = messages.map((m) => m.payload.unique_id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const message of messages) {
      expect(message.payload.availability_topic).toBe('centinela/casa/availability');
      expect((message.payload.device as { identifiers: string[] }).identifiers.length).toBe(1);
      expect(message.payload.origin).toMatchObject({ name: 'Centinela' });
    }
  });

  it('group a camera under one device linked to the site', () => {
    const devices = cameraDiscovery(camera).map((m) => JSON.stringify(m.payload.device));
    expect(new Set(devices).size).toBe(1);
    expect(cameraDiscovery(camera)[0]!.payload.device).toMatchObject({ via_device: 'centinela_casa' });
  });

  it('make one occupancy sensor per label', () => {
    const occupancy = cameraDiscovery(camera).filter((m) => m.topic.includes('/binary_sensor/'));
    expect(occupancy.map((m) => m.payload.state_topic)).toEqual([
      'centinela/casa/Entrada-Principal/person/state',
      'centinela/casa/Entrada-Principal/car/state',
    ]);
    expect(occupancy[0]!.payload.device_class).toBe('occupancy');
  });

  it('slugs accents and symbols into entity ids', () => {
    expect(slug('Portón Norte #2')).toBe('porton_norte_2');
  });
});
