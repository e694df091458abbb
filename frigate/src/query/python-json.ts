/**
 * The text Python's `json.dumps` writes for a list of strings (ASCII only, `", "` between
 * items). Frigate stores JSON columns this way and matches filters against that text, so a
 * zone name with accents only matches in its escaped form.
 */
export function pythonJsonStringList(values: readonly string[]): string {
  const items = values.map((value) =>
    JSON.stringify(value).replace(
      /[\u007f-\uffff]/g,
      (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
    ),
  );
  return `[${items.join(', ')}]`;
}

/** SQLite's `json_extract` text for a list of strings: compact, escapes kept as stored. */
export function sqliteJsonStringList(values: readonly string[]): string {
  return pythonJsonStringList(values).replace(/", "/g, '","');
}
