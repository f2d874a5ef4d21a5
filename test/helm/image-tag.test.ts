/**
 * The manual's `--set image.tag=$IMAGE_TAG` with an all-digit short SHA (about 1 in 27 seven-character SHAs): helm's
 * strvals parser reads `1234567` as an integer and a values file reads it as a number, yet every image and version label
 * must render the tag as the same text, with helm v3 and v4 alike.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ToolName } from '../helpers/tools';
import { helmTemplate, parseRendered, removeChart, writeFreshChart } from './helm-chart';

let chartDir: string;
let scratch: string;
beforeAll(() => {
  chartDir = writeFreshChart();
  scratch = mkdtempSync(path.join(tmpdir(), 'helm-tag-'));
});
afterAll(() => {
  removeChart(chartDir);
  rmSync(scratch, { recursive: true, force: true });
});

/** Every image reference and `app.kubernetes.io/version` label in the rendered objects. */
function tagsOf(objects: unknown[]): string[] {
  const text = JSON.stringify(objects);
  const images = [...text.matchAll(/"image":"[^"]+:([^"]+)"/g)].map((m) => m[1]);
  const versions = [...text.matchAll(/"app.kubernetes.io\/version":("[^"]*"|[^,}]+)/g)].map((m) => m[1]);
  expect(images.length).toBeGreaterThan(0);
  expect(versions.length).toBeGreaterThan(0);
  return [...images, ...versions.map((v) => JSON.parse(v))];
}

describe.each<ToolName>(['helm', 'helm4'])('%s', (tool) => {
  it.each(['1234567', '0123456', '1e10000', 'abc1234'])('renders --set image.tag=%s as that text everywhere', (tag) => {
    const objects = parseRendered(helmTemplate(tool, chartDir, 'production', ['--set', `image.tag=${tag}`]));
    expect(new Set(tagsOf(objects))).toEqual(new Set([tag]));
  });

  it('renders an unquoted all-digit tag of a values file as that text', () => {
    const file = path.join(scratch, 'tag.yaml');
    writeFileSync(file, 'image:\n  tag: 1234567\n');
    const objects = parseRendered(helmTemplate(tool, chartDir, 'production', ['-f', file]));
    expect(new Set(tagsOf(objects))).toEqual(new Set(['1234567']));
  });
});
