import type { AppConfig, SiteRecord } from '@centinela/core';

/** The plugin's effective settings on one site, after defaults and fallbacks. */
export interface SiteSettings {
  siteId: string;
  timezone: string;
  /** Frigate's base URL without a trailing slash; null when none is configured. */
  frigateUrl: string | null;
  frigateUser: string | undefined;
  frigatePassword: string | undefined;
  tlsInsecure: boolean;
  mqttPrefix: string;
  pollIntervalSeconds: number;
  backfillPageSize: number;
  retryMediaSeconds: number;
  initialBackfillHours: number;
  requestTimeoutSeconds: number;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Resolve a site's settings. The Frigate URL comes from the plugin config, then the site,
 * then FRIGATE_URL; the MQTT prefix from the plugin config, then FRIGATE_MQTT_PREFIX.
 * Credentials and TLS handling are process-wide (FRIGATE_USER, FRIGATE_PASSWORD,
 * FRIGATE_TLS_INSECURE).
 */
export function resolveSettings(
  site: SiteRecord,
  pluginConfig: Record<string, unknown>,
  config: AppConfig,
): SiteSettings {
  const url =
    stringOr(pluginConfig.frigate_url) ?? stringOr(site.frigateUrl) ?? config.frigateUrl ?? null;
  return {
    siteId: site.id,
    timezone: site.timezone,
    frigateUrl: url === null ? null : url.replace(/\/+$/, ''),
    frigateUser: config.frigateUser,
    frigatePassword: config.frigatePassword,
    tlsInsecure: config.frigateTlsInsecure,
    mqttPrefix:
      stringOr(pluginConfig.mqtt_prefix) ?? stringOr(config.frigateMqttPrefix) ?? 'frigate',
    pollIntervalSeconds: Math.max(5, numberOr(pluginConfig.poll_interval_seconds, 30)),
    backfillPageSize: Math.max(1, numberOr(pluginConfig.backfill_page_size, 100)),
    retryMediaSeconds: Math.max(0, numberOr(pluginConfig.retry_media_seconds, 30)),
    initialBackfillHours: Math.max(0, numberOr(pluginConfig.initial_backfill_hours, 24)),
    requestTimeoutSeconds: Math.max(1, numberOr(pluginConfig.request_timeout_seconds, 10)),
  };
}
