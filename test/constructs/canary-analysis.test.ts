/**
 * The canary AnalysisTemplate's timing, built with props. The design (src/config/service.ts, the analysis window):
 * each measurement reads 2 minutes of canary traffic, 4 scrapes at the monitoring stack's 30 s interval (rate() needs
 * at least two); the first measurement waits one such window, so it never judges the minutes before the canary had
 * traffic; measurements repeat at the platform file's interval, and `failureLimit` failed ones are tolerated.
 * How the queries judge real series is test/observability/canary-analysis.test.ts.
 */
import { Testing } from 'cdk8s';
import { CanaryAnalysis } from '../../src/constructs/canary-analysis';
import { nonEmpty } from '../helpers/collections';
import { SHOP_IDENTITY as identity } from '../helpers/identity';

const analysis = { maxErrorRatio: 0.02, maxP99LatencySeconds: 0.75, interval: '90s', failureLimit: 3, minRequests: 40 };

function template() {
  const chart = Testing.chart();
  new CanaryAnalysis(chart, 'analysis', {
    identity,
    service: 'web',
    analysis,
    prometheusUrl: 'http://prometheus.example:9090',
  });
  const [object] = Testing.synth(chart);
  return object;
}

// Built inside each test (not at module load), so a mutation run sees which test reaches which line (docs/testing.md).
const metrics = (): any[] => template().spec.metrics;
const byName = (name: string) => metrics().find((m) => m.name === name);
/** The range selectors (`[2m]`) a query reads. */
const ranges = (query: string) => [...query.matchAll(/\[([^\]]+)\]/g)].map((match) => match[1]);

describe('the canary AnalysisTemplate', () => {
  it('is named after the service and measures requests, the 5xx ratio and the p99 latency', () => {
    expect(template().metadata).toMatchObject({ name: 'shop-web-canary-analysis', namespace: 'shop-prod' });
    expect(metrics().map((m) => m.name)).toEqual(['canary-requests', 'error-ratio', 'p99-latency']);
  });

  it('reads a 2-minute window of canary traffic in every query', () => {
    for (const metric of nonEmpty(metrics())) {
      const query: string = metric.provider.prometheus.query;
      expect({ metric: metric.name, ranges: [...new Set(ranges(query))] }).toEqual({
        metric: metric.name,
        ranges: ['2m'],
      });
    }
  });

  it('waits one window before the first measurement, then measures every interval of the platform file', () => {
    for (const metric of nonEmpty(metrics())) {
      expect({ metric: metric.name, initialDelay: metric.initialDelay, interval: metric.interval }).toEqual({
        metric: metric.name,
        initialDelay: '2m',
        interval: '90s',
      });
    }
  });

  it('tolerates failureLimit failed measurements and queries the given Prometheus', () => {
    for (const metric of nonEmpty(metrics())) {
      expect(metric.failureLimit).toBe(3);
      expect(metric.provider.prometheus.address).toBe('http://prometheus.example:9090');
    }
  });

  it("judges the ratio and the latency against the platform file's thresholds, and only with enough requests", () => {
    expect(byName('canary-requests').successCondition).toBe('result[0] >= 40');
    expect(byName('canary-requests').failureCondition).toBe('false');
    expect(byName('error-ratio')).toMatchObject({
      successCondition: 'len(result) > 0 && !isNaN(result[0]) && result[0] <= 0.02',
      failureCondition: 'len(result) > 0 && !isNaN(result[0]) && result[0] > 0.02',
    });
    expect(byName('p99-latency')).toMatchObject({
      successCondition: 'len(result) > 0 && !isNaN(result[0]) && result[0] <= 0.75',
      failureCondition: 'len(result) > 0 && !isNaN(result[0]) && result[0] > 0.75',
    });
    for (const name of ['error-ratio', 'p99-latency']) {
      expect(byName(name).provider.prometheus.query).toMatch(/\nand on \(\) \(sum\(increase\(.*\[2m\]\)\) >= 40\)$/);
    }
  });

  it("reads only the canary pods' series: the namespace, the service and the hash Argo Rollouts passes", () => {
    expect(template().spec.args).toEqual([{ name: 'canary-hash' }]);
    const canary = 'namespace="shop-prod", service_name="web", rollouts_pod_template_hash="{{args.canary-hash}}"';
    expect(byName('canary-requests').provider.prometheus.query).toBe(
      `sum(increase(http_requests_total{${canary}}[2m])) or vector(0)`,
    );
    expect(byName('error-ratio').provider.prometheus.query).toContain(
      `(sum(rate(http_requests_total{${canary}, code=~"5.."}[2m])) or vector(0)) / sum(rate(http_requests_total{${canary}}[2m]))`,
    );
    expect(byName('p99-latency').provider.prometheus.query).toContain(
      `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{${canary}}[2m])))`,
    );
  });
});
