import { svg, type SVGTemplateResult } from 'lit';

/** Line icons on a 24-unit grid, drawn with `currentColor`; decorative (aria-hidden). */
const PATHS: Record<string, SVGTemplateResult> = {
  events: svg`<path d="M3 12h4l3-7 4 14 3-7h4" />`,
  cameras: svg`<rect x="3" y="7" width="13" height="11" rx="2" /><path d="M16 11l5-3v9l-5-3z" />`,
  evidence: svg`<path d="M12 3l7 3v5c0 4.5-3 8.5-7 10-4-1.5-7-5.5-7-10V6z" /><path d="M9 12l2 2 4-4" />`,
  backups: svg`<path d="M7 18a4 4 0 0 1-.5-8 6 6 0 0 1 11.5 1.5A3.5 3.5 0 0 1 17.5 18z" /><path d="M12 15v-5M9.5 12.5L12 10l2.5 2.5" />`,
  audit: svg`<rect x="5" y="4" width="14" height="17" rx="2" /><path d="M9 4V3h6v1M9 10h6M9 14h6M9 18h3" />`,
  users: svg`<circle cx="9" cy="8" r="3.5" /><path d="M2.5 20a6.5 6.5 0 0 1 13 0" /><path d="M16 4.5a3.5 3.5 0 0 1 0 7M18 14a6.5 6.5 0 0 1 3.5 6" />`,
  plugins: svg`<rect x="4" y="4" width="7" height="7" rx="1.5" /><rect x="13" y="4" width="7" height="7" rx="1.5" /><rect x="4" y="13" width="7" height="7" rx="1.5" /><path d="M16.5 13.5v6M13.5 16.5h6" />`,
  account: svg`<circle cx="12" cy="12" r="9" /><circle cx="12" cy="10" r="3" /><path d="M6.5 18.5a6.5 6.5 0 0 1 11 0" />`,
  more: svg`<circle cx="5" cy="12" r="1.5" /><circle cx="12" cy="12" r="1.5" /><circle cx="19" cy="12" r="1.5" />`,
  logout: svg`<path d="M14 4h4a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-4" /><path d="M10 8l-4 4 4 4M6 12h10" />`,
  globe: svg`<circle cx="12" cy="12" r="9" /><path d="M3 12h18M12 3c2.5 2.7 3.5 5.7 3.5 9s-1 6.3-3.5 9c-2.5-2.7-3.5-5.7-3.5-9s1-6.3 3.5-9z" />`,
  logo: svg`<path d="M12 2.5l8 3.2v6c0 5-3.4 9-8 10.8-4.6-1.8-8-5.8-8-10.8v-6z" /><circle cx="12" cy="11.5" r="3" /><path d="M6.5 11.5c1.6-2.6 3.4-3.8 5.5-3.8s3.9 1.2 5.5 3.8c-1.6 2.6-3.4 3.8-5.5 3.8s-3.9-1.2-5.5-3.8z" />`,
  empty: svg`<rect x="3" y="5" width="18" height="14" rx="2" /><path d="M3 14h5l1.5 2h5L16 14h5" />`,
  error: svg`<circle cx="12" cy="12" r="9" /><path d="M12 7.5v5.5M12 16.3v.2" />`,
  copy: svg`<rect x="8" y="8" width="12" height="12" rx="2" /><path d="M16 8V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h2" />`,
  download: svg`<path d="M12 4v11M7.5 10.5L12 15l4.5-4.5M5 19h14" />`,
};

export type IconName = keyof typeof PATHS;

export function icon(name: IconName, size = 22): SVGTemplateResult {
  return svg`<svg class="icon" aria-hidden="true" focusable="false" width=${size} height=${size} viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">${PATHS[name]}</svg>`;
}
