import { css, html, nothing } from 'lit';
import type { Camera } from '../../api/types';
import { localize, localizeLabel } from '../../i18n';

export interface CameraTileModel {
  camera: Camera | undefined;
  id: string;
  name: string;
  /** Still URL, or undefined while the card is off screen or the still failed to load. */
  stillUrl: string | undefined;
  active: boolean;
  activeLabels: string[];
}

export interface CameraTileHandlers {
  open(model: CameraTileModel): void;
  stillFailed(model: CameraTileModel): void;
}

export function renderCameraTile(
  model: CameraTileModel,
  lang: string,
  handlers: CameraTileHandlers,
) {
  const camera = model.camera;
  const online = camera?.online === true && camera.enabled;
  const activeText =
    model.activeLabels.length > 0
      ? localize('cameras.active_labels', lang, {
          labels: model.activeLabels.map((label) => localizeLabel(label, lang)).join(', '),
        })
      : localize('cameras.active', lang);
  let status = localize(online ? 'cameras.online' : 'cameras.offline', lang);
  if (camera === undefined) status = localize('cameras.unknown', lang, { id: model.id });
  else if (!camera.enabled) status = localize('cameras.disabled', lang);
  return html`
    <li class="tile-item">
      <button
        class="tile"
        type="button"
        data-camera=${model.id}
        aria-haspopup="dialog"
        ?disabled=${camera === undefined}
        @click=${() => handlers.open(model)}
      >
        <span class="visually-hidden">${localize('cameras.open_live', lang)}</span>
        <span class="media">
          ${
            model.stillUrl !== undefined
              ? html`<img
                  src=${model.stillUrl}
                  alt="decoding"
                  ="async"
                  @error=${() => handlers.stillFailed(model)}
                />`
              : html`<span class="placeholder">${localize('cameras.no_image', lang)}</span>`
          }
          ${model.active ? html`<span class="badge active overlay">${activeText}</span>` : nothing}
        </span>
        <span class="info">
          <span class="name">${model.name}</span>
          <span class="status">
            <span class="dot" ?data-online=${online} aria-hidden="true"></span>${status}
          </span>
          ${
            camera !== undefined
              ? html`<span class="count">
                  ${localize('cameras.detections_today', lang, { count: camera.detections_today })}
                </span>`
              : nothing
          }
        </span>
      </button>
    </li>
  `;
}

export const cameraTileStyles = css`
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
    gap: 12px;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .tile {
    display: flex;
    flex-direction: column;
    width: 100%;
    padding: 0;
    border: 1px solid var(--cen-divider);
    border-radius: 10px;
    background: var(--cen-background);
    overflow: hidden;
    cursor: pointer;
    text-align: start;
  }
  .tile[disabled] {
    cursor: default;
  }
  .media {
    position: relative;
    display: block;
    aspect-ratio: 16 / 9;
    background: var(--cen-surface);
  }
  .media img {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  .placeholder {
    position: absolute;
    inset: 0;
    display: flex;
    align-items: center;
    justify-content: center;
    color: var(--cen-text-secondary);
    font-size: 0.9rem;
  }
  .overlay {
    position: absolute;
    top: 8px;
    inset-inline-start: 8px;
  }
  .info {
    display: flex;
    flex-direction: column;
    gap: 2px;
    padding: 8px 10px 10px;
  }
  .name {
    font-weight: 500;
  }
  .status,
  .count {
    display: flex;
    align-items: center;
    gap: 6px;
    font-size: 0.85rem;
    color: var(--cen-text-secondary);
  }
  .dot {
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--cen-error);
  }
  .dot[data-online] {
    background: var(--cen-success);
  }
`;
