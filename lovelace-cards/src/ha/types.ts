/**
 * The parts of Home Assistant's frontend `hass` object and card interfaces that the cards
 * use. Field names follow the frontend (`home-assistant/frontend` `src/types.ts`).
 */

export interface HassContext {
  id: string;
  parent_id: string | null;
  user_id: string | null;
}

/** One entry of `hass.states`, as the `get_states` WebSocket command returns it. */
export interface HassEntity {
  entity_id: string;
  state: string;
  attributes: Record<string, unknown>;
  last_changed: string;
  last_updated: string;
  last_reported?: string;
  context: HassContext;
}

export type HassEntities = Record<string, HassEntity>;

export interface HassUser {
  id: string;
  name: string;
  is_admin: boolean;
  is_owner: boolean;
}

/** `hass.locale`; `time_zone` is `local` (browser) or `server` (`hass.config.time_zone`). */
export interface FrontendLocaleData {
  language: string;
  number_format?: string;
  time_format?: string;
  date_format?: string;
  first_weekday?: string;
  time_zone?: 'local' | 'server';
}

export interface HassThemes {
  darkMode: boolean;
  theme?: string;
  default_theme?: string;
}

export interface HassConfig {
  time_zone: string;
  version: string;
  components?: string[];
}

export interface HassMessage {
  type: string;
  [key: string]: unknown;
}

export interface HomeAssistant {
  states: HassEntities;
  language: string;
  locale: FrontendLocaleData;
  user?: HassUser;
  themes?: HassThemes;
  config?: HassConfig;
  callWS<T>(message: HassMessage): Promise<T>;
  callService(
    domain: string,
    service: string,
    data?: Record<string, unknown>,
    target?: Record<string, unknown>,
  ): Promise<unknown>;
  hassUrl(path?: string): string;
}

/** Sections view sizing; the grid has 12 columns, rows are 56 px with an 8 px gap. */
export interface LovelaceGridOptions {
  columns?: number | 'full';
  rows?: number | 'auto';
  min_columns?: number;
  max_columns?: number;
  min_rows?: number;
  max_rows?: number;
}

/** Entry of `window.customCards`, read by the card picker. */
export interface CustomCardEntry {
  type: string;
  name: string;
  description?: string;
  preview?: boolean;
  documentationURL?: string;
}

declare global {
  interface Window {
    customCards?: CustomCardEntry[];
  }
}
