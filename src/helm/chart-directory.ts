import type { Platform } from '../config';

/** Directory of the chart, relative to the project root: `charts/your-app`. */
export function chartDirectory(platform: Platform): string {
  return `charts/${platform.app.name}`;
}
