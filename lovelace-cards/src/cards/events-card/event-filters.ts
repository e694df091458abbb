import { css, html, type TemplateResult } from 'lit';
import type { Camera } from '../../api/types';
import { localize, localizeLabel } from '../../i18n';
import { TIME_RANGES, type ListMode, type SeverityFilter, type TimeRange } from './const';
import type { EventFilter } from './event-filter';

export interface FilterBarState {
  filter: EventFilter;
  mode: ListMode;
  severity: SeverityFilter;
  cameras: Camera[];
  labels: string[];
}

export interface FilterBarHandlers {
  camera(value: string | undefined): void;
  label(value: string | undefined): void;
  range(value: TimeRange): void;
  mode(value: ListMode): void;
  severity(value: SeverityFilter): void;
}

function selectValue(event: Event): string {
  return (event.target as HTMLSelectElement).value;
}

/** Filter controls; the object and time filters apply to events, severity to review items. */
export function renderFilterBar(
  state: FilterBarState,
  lang: string,
  on: FilterBarHandlers,
): TemplateResult {
  const { filter, mode } = state;
  return html`
    <div class="filters">
      <div class="filter">
        <label for="filter-mode">${localize('events.filter_mode', lang)}</label>
        <select
          id="filter-mode"
          @change=${(event: Event) => on.mode(selectValue(event) === 'reviews' ? 'reviews' : 'events')}
        >
          <option value="events" ?selected=${mode === 'events'}>
            ${localize('events.mode_events', lang)}
          </option>
          <option value="reviews" ?selected=${mode === 'reviews'}>
            ${localize('events.mode_reviews', lang)}
          </option>
        </select>
      </div>
      <div class="filter">
        <label for="filter-camera">${localize('events.filter_camera', lang)}</label>
        <select
          id="filter-camera"
          @change=${(event: Event) => on.camera(selectValue(event) || undefined)}
        >
          <option value="" ?selected=${filter.camera_id === undefined}>
            ${localize('events.all_cameras', lang)}
          </option>
          ${state.cameras.map(
            (camera) =>
              html`<option value=${camera.id} ?selected=${filter.camera_id === camera.id}>
                ${camera.friendly_name || camera.name}
              </option>`,
          )}
        </select>
      </div>
      ${mode === 'events' ? renderEventFilters(state, lang, on) : renderReviewFilters(state, lang, on)}
    </div>
  `;
}

function renderEventFilters(state: FilterBarState, lang: string, on: FilterBarHandlers) {
  const { filter } = state;
  return html`
    <div class="filter">
      <label for="filter-label">${localize('events.filter_label', lang)}</label>
      <select
        id="filter-label"
        @change=${(event: Event) => on.label(selectValue(event) || undefined)}
      >
        <option value="" ?selected=${filter.label === undefined}>
          ${localize('events.all_labels', lang)}
        </option>
        ${state.labels.map(
          (label) =>
            html`<option value=${label} ?selected=${filter.label === label}>
              ${localizeLabel(label, lang)}
            </option>`,
        )}
      </select>
    </div>
    <div class="filter">
      <label for="filter-range">${localize('events.filter_range', lang)}</label>
      <select
        id="filter-range"
        @change=${(event: Event) => {
          const value = selectValue(event);
          const range = TIME_RANGES.find((candidate) => candidate === value);
          if (range !== undefined) on.range(range);
        }}
      >
        ${TIME_RANGES.map(
          (range) =>
            html`<option value=${range} ?selected=${filter.time_range === range}>
              ${localize(`events.range_${range}`, lang)}
            </option>`,
        )}
      </select>
    </div>
  `;
}

function renderReviewFilters(state: FilterBarState, lang: string, on: FilterBarHandlers) {
  const choices: SeverityFilter[] = ['all', 'alert', 'detection'];
  return html`
    <div class="filter">
      <label for="filter-severity">${localize('events.filter_severity', lang)}</label>
      <select
        id="filter-severity"
        @change=${(event: Event) => {
          const value = choices.find((choice) => choice === selectValue(event));
          if (value !== undefined) on.severity(value);
        }}
      >
        ${choices.map(
          (choice) =>
            html`<option value=${choice} ?selected=${state.severity === choice}>
              ${localize(`events.severity_${choice}`, lang)}
            </option>`,
        )}
      </select>
    </div>
  `;
}

export const filterBarStyles = css`
  .filters {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(130px, 1fr));
    gap: 8px;
    padding: 4px 16px 8px;
  }
  .filter {
    display: grid;
    gap: 2px;
    min-width: 0;
  }
  .filter label {
    font-size: 0.8rem;
    color: var(--cen-text-secondary);
  }
  .filter select {
    box-sizing: border-box;
    width: 100%;
    min-height: 36px;
    padding: 4px 6px;
    font: inherit;
    font-size: 0.9rem;
    color: var(--cen-text);
    background: var(--cen-background);
    border: 1px solid var(--cen-text-secondary);
    border-radius: 8px;
  }
`;
