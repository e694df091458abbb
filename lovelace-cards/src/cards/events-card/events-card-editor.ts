import { html, type TemplateResult } from 'lit';
import { defineElement } from '../../ha/register';
import { localize } from '../../i18n';
import { CentinelaEditorBase, type RawConfig } from '../../shared/editor-base';
import {
  checkboxField,
  numberField,
  numberOrText,
  selectField,
  textField,
} from '../../shared/editor-fields';
import {
  DEFAULT_MAX_HEIGHT,
  DEFAULT_PAGE_SIZE,
  EVENTS_CARD_EDITOR_TAG,
  MAX_PAGE_SIZE,
  SEVERITY_FILTERS,
  TIME_RANGES,
} from './const';
import { validateEventsCardConfig } from './events-card-config';

/** Visual editor of the events card. */
export class CentinelaEventsCardEditor extends CentinelaEditorBase {
  protected validate(config: RawConfig): unknown {
    return validateEventsCardConfig(config);
  }

  protected override render(): TemplateResult {
    const lang = this.language;
    const eventEntities = Object.keys(this.hass?.states ?? {})
      .filter((id) => id.startsWith('event.'))
      .sort();
    return html`
      <div class="form">
        ${this.renderConnectionFields()}
        ${selectField(
          {
            id: 'mode',
            label: localize('events.filter_mode', lang),
            value: this.stringOption('mode') ?? 'events',
            choices: [
              { value: 'events', label: localize('events.mode_events', lang) },
              { value: 'reviews', label: localize('events.mode_reviews', lang) },
            ],
          },
          (value) => this.setOption('mode', value === 'events' ? undefined : value),
        )}
        ${textField(
          {
            id: 'camera_id',
            label: localize('events.filter_camera', lang),
            value: this.stringOption('camera_id'),
          },
          (value) => this.setOption('camera_id', value.trim()),
        )}
        ${textField(
          {
            id: 'label',
            label: localize('events.filter_label', lang),
            value: this.stringOption('label'),
            placeholder: 'person',
          },
          (value) => this.setOption('label', value.trim()),
        )}
        ${selectField(
          {
            id: 'time_range',
            label: localize('events.filter_range', lang),
            value: this.stringOption('time_range') ?? '24h',
            choices: TIME_RANGES.map((range) => ({
              value: range,
              label: localize(`events.range_${range}`, lang),
            })),
          },
          (value) => this.setOption('time_range', value),
        )}
        ${selectField(
          {
            id: 'severity',
            label: localize('events.filter_severity', lang),
            value: this.stringOption('severity') ?? 'all',
            choices: SEVERITY_FILTERS.map((severity) => ({
              value: severity,
              label: localize(`events.severity_${severity}`, lang),
            })),
          },
          (value) => this.setOption('severity', value === 'all' ? undefined : value),
        )}
        ${numberField(
          {
            id: 'limit',
            label: localize('editor.limit', lang),
            value: this.numberOption('limit') ?? DEFAULT_PAGE_SIZE,
            min: 1,
            max: MAX_PAGE_SIZE,
          },
          (value) => this.setOption('limit', numberOrText(value)),
        )}
        ${numberField(
          {
            id: 'max_height',
            label: localize('editor.max_height', lang),
            value: this.numberOption('max_height') ?? DEFAULT_MAX_HEIGHT,
            min: 160,
            max: 4000,
            step: 10,
          },
          (value) => this.setOption('max_height', numberOrText(value)),
        )}
        ${checkboxField(
          {
            id: 'show_filters',
            label: localize('editor.show_filters', lang),
            checked: this.config['show_filters'] !== false,
          },
          (checked) => this.setOption('show_filters', checked ? undefined : false),
        )}
        ${textField(
          {
            id: 'event_entity',
            label: localize('editor.event_entity', lang),
            value: this.stringOption('event_entity'),
            list: 'event-entities',
            placeholder: 'event.entrada_detection',
          },
          (value) => this.setOption('event_entity', value.trim()),
        )}
        ${this.renderError()}
      </div>
      <datalist id="event-entities">
        ${eventEntities.map((id) => html`<option value=${id}></option>`)}
      </datalist>
    `;
  }
}

defineElement(EVENTS_CARD_EDITOR_TAG, CentinelaEventsCardEditor);

declare global {
  interface HTMLElementTagNameMap {
    [EVENTS_CARD_EDITOR_TAG]: CentinelaEventsCardEditor;
  }
}
