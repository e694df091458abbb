/** Languages of the entity names Centinela publishes in MQTT discovery (CENTINELA_LANGUAGE). */
export type EntityLanguage = 'es' | 'en';

interface EntityNames {
  lastDetection: string;
  detection: string;
  backup: string;
  site: string;
  cameraModel: string;
  siteModel: string;
  labels: Record<string, string>;
}

// Frigate's common object and attribute labels. Others are shown as Frigate names them.
const NAMES: Record<EntityLanguage, EntityNames> = {
  en: {
    lastDetection: 'Last detection',
    detection: 'Detection',
    backup: 'Backup',
    site: 'Centinela',
    cameraModel: 'Frigate camera',
    siteModel: 'Centinela site',
    labels: {
      person: 'Person',
      car: 'Car',
      truck: 'Truck',
      bus: 'Bus',
      bicycle: 'Bicycle',
      motorcycle: 'Motorcycle',
      dog: 'Dog',
      cat: 'Cat',
      bird: 'Bird',
      horse: 'Horse',
      package: 'Package',
      face: 'Face',
      license_plate: 'License plate',
    },
  },
  es: {
    lastDetection: 'Última detección',
    detection: 'Detección',
    backup: 'Respaldo',
    site: 'Centinela',
    cameraModel: 'Cámara de Frigate',
    siteModel: 'Sitio de Centinela',
    labels: {
      person: 'Persona',
      car: 'Auto',
      truck: 'Camión',
      bus: 'Autobús',
      bicycle: 'Bicicleta',
      motorcycle: 'Motocicleta',
      dog: 'Perro',
      cat: 'Gato',
      bird: 'Ave',
      horse: 'Caballo',
      package: 'Paquete',
      face: 'Rostro',
      license_plate: 'Placa',
    },
  },
};

export function entityNames(language: EntityLanguage): EntityNames {
  return NAMES[language];
}

/** Display name of a Frigate label, such as `Persona` for `person` in Spanish. */
export function labelName(label: string, language: EntityLanguage): string {
  const known = NAMES[language].labels[label];
  if (known !== undefined) return known;
  const spaced = label.replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
