/**
 * A timestamptz as the driver returns it (text such as `2024-05-31 16:08:37.123456+00`,
 * because MikroORM turns off pg's date parsing) or a Date, as a Date.
 */
export function pgTime(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const text = String(value);
  const match = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d(?:\.\d+)?)(Z|[+-]\d\d(?::?\d\d)?)?$/.exec(
    text,
  );
  if (match === null) return new Date(text);
  let zone = match[3] ?? 'Z';
  if (/^[+-]\d\d$/.test(zone)) zone = `${zone}:00`;
  else if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  return new Date(`${match[1]}T${match[2]}${zone}`);
}
