/** The metrics contract: well-formed, documented, and the only names alerts and dashboards query. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  APP_METRICS,
  HTTP_LABELS,
  HTTP_REQUEST_DURATION_SECONDS,
  HTTP_REQUESTS_TOTAL,
  METRICS_CONTRACT,
  SCRAPE_LABELS,
} from '../../src/observability/metrics-contract';
import { defaultTestPlatform } from '../helpers/harness';
import { metricNames } from '../helpers/promql';
import { allQueries } from '../helpers/queries';
import { nonEmpty } from '../helpers/collections';

const platform = defaultTestPlatform();
const HISTOGRAM_SERIES = ['_bucket', '_sum', '_count'];

/** The contract entry a queried series name belongs to (histograms are queried through their series). */
function contractEntry(series: string) {
  return METRICS_CONTRACT.find(
    (m) => m.name === series || (m.type === 'histogram' && HISTOGRAM_SERIES.some((s) => `${m.name}${s}` === series)),
  );
}

describe('metrics contract', () => {
  it('has unique, well-formed names following Prometheus conventions', () => {
    const names = METRICS_CONTRACT.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const m of nonEmpty(METRICS_CONTRACT)) {
      expect(m.name).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
      if (m.type === 'counter') expect(m.name).toMatch(/_total$/);
      if (m.type !== 'counter') expect(m.name).not.toMatch(/_total$/);
    }
  });

  it('gives the canary analysis an HTTP request counter by code and a latency histogram', () => {
    const counter = APP_METRICS.find((m) => m.name === HTTP_REQUESTS_TOTAL);
    const histogram = APP_METRICS.find((m) => m.name === HTTP_REQUEST_DURATION_SECONDS);
    expect(counter).toMatchObject({ type: 'counter', source: 'app' });
    expect(histogram).toMatchObject({ type: 'histogram', source: 'app' });
    expect(HTTP_LABELS).toContain('code');
    expect(counter?.labels).toContain('route');
  });

  it('never lets an app label collide with a label the scrape adds', () => {
    // prometheus-operator target labels plus the contract's own scrape labels: a clash renames the app's label.
    const scrape = ['job', 'instance', 'endpoint', 'service', 'container', ...Object.values(SCRAPE_LABELS)];
    for (const m of nonEmpty(APP_METRICS)) expect(m.labels.filter((l) => scrape.includes(l))).toEqual([]);
  });

  it('covers every metric an alert or dashboard queries', () => {
    const outside = allQueries(platform).flatMap(({ where, expr }) =>
      metricNames(expr)
        .filter((name) => !contractEntry(name))
        .map((name) => `${where}: ${name}`),
    );
    expect(outside).toEqual([]);
  });

  it('has no entry that nothing queries', () => {
    const used = new Set(
      allQueries(platform).flatMap(({ expr }) => metricNames(expr).map((name) => contractEntry(name)?.name)),
    );
    expect(METRICS_CONTRACT.map((m) => m.name).filter((name) => !used.has(name))).toEqual([]);
  });

  it('is documented in docs/observability/metrics-contract.md with its source', () => {
    const doc = readFileSync(path.join(__dirname, '../../docs/observability/metrics-contract.md'), 'utf8');
    // Table rows as trimmed cells: | metric | type | labels | source | meaning |
    const rows = doc
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split('|').map((cell) => cell.trim()));
    for (const m of nonEmpty(METRICS_CONTRACT)) {
      const row = rows.find((cells) => cells[1] === `\`${m.name}\``);
      expect({ metric: m.name, type: row?.[2], source: row?.[4] }).toEqual({
        metric: m.name,
        type: m.type,
        source: m.source,
      });
    }
  });
});

describe('metricNames (the check above depends on it)', () => {
  it('finds selected metrics, not functions, labels, grouping or keywords', () => {
    expect(
      metricNames(
        'sum by (le, service_name) (rate(http_request_duration_seconds_bucket{namespace="x", code=~"5.."}[5m]))' +
          ' / on (job) group_left max(pg_up offset 5m) and bool redis_up',
      ),
    ).toEqual(['http_request_duration_seconds_bucket', 'pg_up', 'redis_up']);
  });
});
