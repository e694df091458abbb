import { describe, expect, it } from 'vitest';
import { cameraDiscovery, siteDiscovery, slug } from '../../src/homeassistant/discovery';
import { labelName } from '../../src/homeassistant/discovery-names';
import { discoveryProblems } from './ha-discovery-schema';

const camera = {
  siteId: 'casa',
  name: 'Entrada-Principal',
  friendlyName: 'Entrada principal',
  labels: ['person', 'car'],
};

function byPlatform(messages: ReturnType<typeof cameraDiscovery>, platform: string) {
  return messages.filter((m) => m.topic.split('/')[1] === platform);
}

describe('home assistant discovery payloads', () => {
  const messages = [...cameraDiscovery(camera), ...siteDiscovery('casa')];

  it('pass home assistant discovery rules', () => {
    for (const message of messages)
      expect(discoveryProblems(message.topic, message.payload)).toEqual([]);
  });

  it('use default_entity_id and never object_id', () => {
    for (const message of messages) {
      expect(message.payload).not.toHaveProperty('object_id');
      expect(message.payload.default_entity_id).toMatch(
        /^(binary_sensor|sensor|event)\.[a-z0-9_]+$/,
      );
    }
  });

  it('give every entity a unique id', () => {
    const ids = messages.map((m) => m.payload.unique_id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('follow the site availability topic', () => {
    for (const message of messages) {
      expect(message.payload.availability_topic).toBe('centinela/casa/availability');
      expect(message.payload.payload_available).toBe('online');
      expect(message.payload.payload_not_available).toBe('offline');
    }
  });

  it('group a camera under one device linked to the site', () => {
    const devices = cameraDiscovery(camera).map((m) => JSON.stringify(m.payload.device));
    expect(new Set(devices).size).toBe(1);
    expect(cameraDiscovery(camera)[0]!.payload.device).toMatchObject({
      via_device: 'centinela_casa',
    });
    const site = siteDiscovery('casa')[0]!.payload.device as { identifiers: string[] };
    expect(site.identifiers).toEqual(['centinela_casa']);
  });

  it('make one occupancy sensor per label', () => {
    const occupancy = byPlatform(cameraDiscovery(camera), 'binary_sensor');
    expect(occupancy.map((m) => m.payload.state_topic)).toEqual([
      'centinela/casa/Entrada-Principal/person/state',
      'centinela/casa/Entrada-Principal/car/state',
    ]);
    expect(occupancy.map((m) => m.payload.default_entity_id)).toEqual([
      'binary_sensor.entrada_principal_person_occupancy',
      'binary_sensor.entrada_principal_car_occupancy',
    ]);
    expect(occupancy[0]!.payload.device_class).toBe('occupancy');
  });

  it('fire the event entity only when a detection starts', () => {
    const [event] = byPlatform(cameraDiscovery(camera), 'event');
    expect(event!.payload.state_topic).toBe('centinela/casa/Entrada-Principal/detection');
    expect(event!.payload.event_types).toEqual(['person', 'car']);
    expect(event!.payload.value_template).toBe(
      "{% if value_json.kind == 'new' %}{{ value }}{% endif %}",
    );
  });

  it('read the last detection time from the payload', () => {
    const [sensor] = byPlatform(cameraDiscovery(camera), 'sensor');
    expect(sensor!.payload.device_class).toBe('timestamp');
    expect(sensor!.payload.value_template).toBe('{{ value_json.start_time }}');
    expect(sensor!.payload.json_attributes_topic).toBe(sensor!.payload.state_topic);
  });

  it('list the backup statuses as enum options', () => {
    const [backup] = siteDiscovery('casa');
    expect(backup!.payload.state_topic).toBe('centinela/casa/backup/state');
    expect(backup!.payload.device_class).toBe('enum');
    expect(backup!.payload.options).toEqual(['ok', 'partial', 'failed']);
  });

  it('name entities in spanish by default', () => {
    const names = cameraDiscovery(camera).map((m) => m.payload.name);
    expect(names).toEqual(['Persona', 'Auto', 'Última detección', 'Detección']);
    expect(siteDiscovery('casa')[0]!.payload.name).toBe('Respaldo');
  });

  it('name entities in english when asked', () => {
    const names = cameraDiscovery(camera, { language: 'en' }).map((m) => m.payload.name);
    expect(names).toEqual(['Person', 'Car', 'Last detection', 'Detection']);
    expect(siteDiscovery('casa', { language: 'en' })[0]!.payload.name).toBe('Backup');
  });

  it('keep entity ids the same in both languages', () => {
    const ids = (language: 'es' | 'en') =>
      cameraDiscovery(camera, { language }).map((m) => m.payload.default_entity_id);
    expect(ids('en')).toEqual(ids('es'));
  });

  it('name unknown labels after frigate', () => {
    expect(labelName('license_plate', 'en')).toBe('License plate');
    expect(labelName('amazon_van', 'es')).toBe('Amazon van');
  });

  it('use the configured discovery prefix', () => {
    for (const message of cameraDiscovery(camera, { prefix: 'ha_test' })) {
      expect(message.topic.startsWith('ha_test/')).toBe(true);
    }
  });

  it('follow both topics for a second site', () => {
    const options = { instanceAvailabilityTopic: 'centinela/casa/availability' };
    const other = [
      ...cameraDiscovery({ ...camera, siteId: 'oficina' }, options),
      ...siteDiscovery('oficina', options),
    ];
    for (const message of other) {
      expect(discoveryProblems(message.topic, message.payload)).toEqual([]);
      expect(message.payload).not.toHaveProperty('availability_topic');
      expect(message.payload.availability_mode).toBe('all');
      const topics = (message.payload.availability as Array<{ topic: string }>).map(
        (entry) => entry.topic,
      );
      expect(topics).toEqual(['centinela/casa/availability', 'centinela/oficina/availability']);
    }
  });

  it('keep one topic when the site owns the last will', () => {
    const [message] = cameraDiscovery(camera, {
      instanceAvailabilityTopic: 'centinela/casa/availability',
    });
    expect(message!.payload.availability_topic).toBe('centinela/casa/availability');
    expect(message!.payload).not.toHaveProperty('availability');
  });

  it('slugs accents and symbols into entity ids', () => {
    expect(slug('Portón Norte #2')).toBe('porton_norte_2');
    expect(slug('---')).toBe('x');
  });
});

describe('discovery rule check', () => {
  // The checker must reject what Home Assistant rejects, or the tests above prove nothing.
  const [valid] = cameraDiscovery(camera);

  it('rejects object_id', () => {
    expect(discoveryProblems(valid!.topic, { ...valid!.payload, object_id: 'x' })).not.toEqual([]);
  });

  it('rejects a missing state topic', () => {
    const { state_topic: _removed, ...payload } = valid!.payload;
    expect(discoveryProblems(valid!.topic, payload)).not.toEqual([]);
  });

  it('rejects an entity id of another domain', () => {
    expect(
      discoveryProblems(valid!.topic, { ...valid!.payload, default_entity_id: 'sensor.x' }),
    ).not.toEqual([]);
  });

  it('rejects a device without identifiers', () => {
    expect(
      discoveryProblems(valid!.topic, { ...valid!.payload, device: { name: 'x' } }),
    ).not.toEqual([]);
  });

  it('rejects both availability forms together', () => {
    const payload = { ...valid!.payload, availability: [{ topic: 'a/b' }] };
    expect(discoveryProblems(valid!.topic, payload)).not.toEqual([]);
  });

  it('rejects a bad config topic', () => {
    expect(discoveryProblems('homeassistant/binary_sensor/a b/config', valid!.payload)).not.toEqual(
      [],
    );
  });
});
