import { LitElement, css, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { CameraSummary } from '../api/types';
import { t, type Language } from '../i18n';
import { portalStyles } from '../styles/theme';

let nextId = 0;

/**
 * Camera scope of a user: every camera (`null`) or a chosen list of camera ids. Fires
 * `scope-change` with the new value in `detail`.
 */
export class CenCameraScope extends LitElement {
  static override styles = [
    portalStyles,
    css`
      fieldset {
        border: 1px solid var(--c-border);
        border-radius: 8px;
        padding: 8px 12px 12px;
        margin: 0 0 14px;
      }
      legend {
        font-weight: 600;
        font-size: 0.92rem;
        padding: 0 4px;
      }
      .cameras {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(160px, 1fr));
        gap: 2px 12px;
        margin: 4px 0 0 26px;
      }
    `,
  ];

  @property({ attribute: false }) cameras: CameraSummary[] = [];
  @property({ attribute: false }) value: string[] | null = null;
  @property() language: Language = 'en';
  private readonly name = `scope-${nextId++}`;

  protected override render() {
    const all = this.value === null;
    const chosen = new Set(this.value ?? []);
    // Cameras no longer listed by the API stay selectable so that saving does not drop them.
    const known = new Set(this.cameras.map((camera) => camera.id));
    const orphans = [...chosen].filter((id) => !known.has(id));
    return html`
      <fieldset data-testid="camera-scope">
        <legend>${t('users.scope', this.language)}</legend>
        <label class="check">
          <input
            type="radio"
            name=${this.name}
            data-testid="scope-all"
            .checked=${all}
            @change=${() => this.emit(null)}
          />
          ${t('users.scope_all', this.language)}
        </label>
        <label class="check">
          <input
            type="radio"
            name=${this.name}
            data-testid="scope-some"
            .checked=${!all}
            @change=${() => this.emit([...chosen])}
          />
          ${t('users.scope_some', this.language)}
        </label>
        ${
          all
            ? nothing
            : html`<div
                class="cameras"
                role="group"
                aria-label=${t('users.scope_cameras', this.language)}
              >
                ${this.cameras.length === 0 && orphans.length === 0 ? html`<p class="help">${t('users.no_cameras', this.language)}</p>` : nothing}
                ${[
                  ...this.cameras.map((camera) => ({
                    id: camera.id,
                    name: camera.friendly_name || camera.name || camera.id,
                  })),
                  ...orphans.map((id) => ({ id, name: id })),
                ].map(
                  (camera) =>
                    html`<label class="check">
                      <input
                        type="checkbox"
                        data-testid="scope-camera-${camera.id}"
                        .checked=${chosen.has(camera.id)}
                        @change=${(event: Event) => this.toggle(camera.id, (event.target as HTMLInputElement).checked)}
                      />
                      ${camera.name}
                    </label>`,
                )}
              </div>`
        }
      </fieldset>
    `;
  }

  private toggle(id: string, checked: boolean): void {
    const chosen = new Set(this.value ?? []);
    if (checked) chosen.add(id);
    else chosen.delete(id);
    this.emit([...chosen]);
  }

  private emit(value: string[] | null): void {
    this.value = value;
    this.dispatchEvent(new CustomEvent<string[] | null>('scope-change', { detail: value }));
  }
}

customElements.define('cen-camera-scope', CenCameraScope);
