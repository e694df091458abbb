import { html, type TemplateResult } from 'lit';
import { defineElement } from '../../ha/register';
import { localize } from '../../i18n';
import { CentinelaEditorBase, type RawConfig } from '../../shared/editor-base';
import { numberField, numberOrText, textField, withOption } from '../../shared/editor-fields';
import { validateCamerasCardConfig } from './cameras-card-config';
import {
  CAMERAS_CARD_EDITOR_TAG,
  DEFAULT_REFRESH_INTERVAL,
  MAX_REFRESH_INTERVAL,
  MIN_REFRESH_INTERVAL,
} from './const';

type CameraRow = Record<string, unknown>;

/** Visual editor of the cameras card. */
export class CentinelaCamerasCardEditor extends CentinelaEditorBase {
  protected validate(config: RawConfig): unknown {
    return validateCamerasCardConfig(config);
  }

  protected override render(): TemplateResult {
    const lang = this.language;
    const rows = this.cameraRows();
    return html`
      <div class="form">
        ${this.renderConnectionFields()}
        ${numberField(
          {
            id: 'refresh_interval',
            label: localize('editor.refresh_interval', lang),
            value: this.numberOption('refresh_interval') ?? DEFAULT_REFRESH_INTERVAL,
            min: MIN_REFRESH_INTERVAL,
            max: MAX_REFRESH_INTERVAL,
          },
          (value) => this.setOption('refresh_interval', numberOrText(value)),
        )}
        <fieldset>
          <legend>${localize('editor.cameras', lang)}</legend>
          <p class="help">${localize('editor.cameras_help', lang)}</p>
          ${rows.map((row, index) => this.renderCameraRow(row, index))}
          <div>
            <button class="button" type="button" @click=${this.addCamera}>
              ${localize('editor.add_camera', lang)}
            </button>
          </div>
        </fieldset>
        ${this.renderError()}
      </div>
      <datalist id="camera-entities">
        ${this.entityIds((id) => id.startsWith('camera.')).map((id) => html`<option value=${id}></option>`)}
      </datalist>
      <datalist id="occupancy-entities">
        ${this.entityIds(
          (id) =>
            id.startsWith('binary_sensor.') &&
            this.hass?.states[id]?.attributes['device_class'] === 'occupancy',
        ).map((id) => html`<option value=${id}></option>`)}
      </datalist>
    `;
  }

  private renderCameraRow(row: CameraRow, index: number): TemplateResult {
    const lang = this.language;
    const number = index + 1;
    const text = (key: string) => (typeof row[key] === 'string' ? (row[key] as string) : undefined);
    return html`
      <fieldset class="camera">
        <legend>${localize('editor.camera_number', lang, { number })}</legend>
        ${textField(
          {
            id: `camera-${index}-id`,
            label: localize('editor.camera_id', lang),
            value: text('id'),
          },
          (value) => this.updateCamera(index, 'id', value.trim()),
        )}
        ${textField(
          {
            id: `camera-${index}-name`,
            label: localize('editor.camera_name', lang),
            value: text('name'),
          },
          (value) => this.updateCamera(index, 'name', value),
        )}
        ${textField(
          {
            id: `camera-${index}-camera_entity`,
            label: localize('editor.camera_entity', lang),
            value: text('camera_entity'),
            list: 'camera-entities',
            placeholder: 'camera.entrada',
          },
          (value) => this.updateCamera(index, 'camera_entity', value.trim()),
        )}
        ${textField(
          {
            id: `camera-${index}-occupancy_entity`,
            label: localize('editor.occupancy_entity', lang),
            value: text('occupancy_entity'),
            list: 'occupancy-entities',
            placeholder: 'binary_sensor.entrada_person_occupancy',
          },
          (value) => this.updateCamera(index, 'occupancy_entity', value.trim()),
        )}
        <div class="row-actions">
          <button class="button" type="button" @click=${() => this.removeCamera(index)}>
            ${localize('editor.remove_camera', lang, { number })}
          </button>
        </div>
      </fieldset>
    `;
  }

  /** Camera entries as mappings; a bare ID string in YAML becomes `{id}`. */
  private cameraRows(): CameraRow[] {
    const cameras = this.config['cameras'];
    if (!Array.isArray(cameras)) return [];
    return cameras.map((entry: unknown) =>
      typeof entry === 'string'
        ? { id: entry }
        : typeof entry === 'object' && entry !== null
          ? (entry as CameraRow)
          : {},
    );
  }

  private entityIds(predicate: (id: string) => boolean): string[] {
    return Object.keys(this.hass?.states ?? {})
      .filter(predicate)
      .sort();
  }

  private setCameras(rows: CameraRow[]): void {
    this.setOption('cameras', rows.length > 0 ? rows : undefined);
  }

  private updateCamera(index: number, key: string, value: string): void {
    const rows = this.cameraRows();
    rows[index] = withOption(rows[index] ?? {}, key, value);
    this.setCameras(rows);
  }

  private addCamera(): void {
    this.setCameras([...this.cameraRows(), { id: '' }]);
  }

  private removeCamera(index: number): void {
    this.setCameras(this.cameraRows().filter((_row, position) => position !== index));
  }
}

defineElement(CAMERAS_CARD_EDITOR_TAG, CentinelaCamerasCardEditor);

declare global {
  interface HTMLElementTagNameMap {
    [CAMERAS_CARD_EDITOR_TAG]: CentinelaCamerasCardEditor;
  }
}
