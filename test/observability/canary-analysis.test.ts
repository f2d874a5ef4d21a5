/**
 * The canary analysis judged as Argo Rollouts judges it: each metric's query runs on a real Prometheus over the
 * canary's series, the vector it returns goes through the conditions the way Argo Rollouts v1.9.1 evaluates them
 * (helpers/argo-evaluate.ts), and the phase of every measurement is checked for a canary with no traffic, too little
 * traffic, healthy traffic, 5xx above the threshold and latency above it.
 */
import { Testing } from 'cdk8s';
import { CANARY_HASH_ARG, CanaryAnalysis } from '../../src/constructs/canary-analysis';
import { appIdentity } from '../../src/constructs/identity';
import { expectValidManifests } from '../helpers/k8s-schema';
import { evalCondition, evaluateResult, vectorValues, type AnalysisPhase } from '../helpers/argo-evaluate';
import { defaultTestPlatform } from '../helpers/harness';
import { startPrometheus, type RunningPrometheus, type Sample } from '../helpers/prometheus-server';
import { nonEmpty } from '../helpers/collections';

const platform = defaultTestPlatform();
const ENVIRONMENT = 'production';
const identity = appIdentity(platform, ENVIRONMENT);
const analysis = platform.environments[ENVIRONMENT].services.api.canary.analysis!;

function template() {
  const chart = Testing.chart();
  new CanaryAnalysis(chart, 'analysis', {
    identity,
    service: 'api',
    analysis,
    prometheusUrl: platform.monitoring.prometheusUrl,
  });
  return Testing.synth(chart);
}

type Metric = { name: string; successCondition?: string; failureCondition?: string; query: string };
// Built inside each test (not at module load), so a mutation run sees which test reaches which line (docs/testing.md).
const analysisTemplate = () => template()[0];
const metrics = (): Metric[] =>
  analysisTemplate().spec.metrics.map((m: any) => ({ ...m, query: m.provider.prometheus.query }));

/** 10 minutes of scrapes every 30 seconds, ending at END; the analysis measures at END. */
const START = 1_000_000;
const END = START + 600;
const SCRAPES = Array.from({ length: 21 }, (_, i) => START + i * 30);
const BUCKETS = ['0.1', '0.5', '1', '10', '+Inf'];

interface CanaryTraffic {
  /** Requests per scrape interval (30s) answered 200 and 500. */
  readonly ok: number;
  readonly errors: number;
  /** The bucket every request's duration falls in (its `le`). */
  readonly slowestBucket: string;
  /** Scrapes with traffic, counted back from the end. @default all */
  readonly lastScrapes?: number;
}

/** The canary pods' series of one scenario, told apart by their pod-template hash, as the ServiceMonitor labels them. */
function canarySeries(hash: string, traffic: CanaryTraffic): Sample[] {
  const labels = (extra: string) =>
    `namespace="${identity.namespace}",service_name="api",rollouts_pod_template_hash="${hash}",pod="your-app-api-${hash}-x1"${extra}`;
  const active = (i: number) => i > SCRAPES.length - 1 - (traffic.lastScrapes ?? SCRAPES.length);
  const counter = (perScrape: number) => {
    let total = 0;
    return SCRAPES.map((time, i) => ({ time, value: (total += i > 0 && active(i) ? perScrape : 0) }));
  };
  const requests = (code: string, perScrape: number) =>
    counter(perScrape).map((s) => ({ ...s, series: `http_requests_total{${labels(`,code="${code}"`)}}` }));
  const buckets = BUCKETS.flatMap((le) => {
    const inside = BUCKETS.indexOf(le) >= BUCKETS.indexOf(traffic.slowestBucket);
    return counter(inside ? traffic.ok + traffic.errors : 0).map((s) => ({
      ...s,
      series: `http_request_duration_seconds_bucket{${labels(`,le="${le}"`)}}`,
    }));
  });
  // A service that never failed has no 5xx series at all: the app only creates a label set when it counts one.
  return [...requests('200', traffic.ok), ...(traffic.errors > 0 ? requests('500', traffic.errors) : []), ...buckets];
}

/** Per scenario, the phase Argo Rollouts gives each metric's measurement. */
const SCENARIOS: {
  readonly title: string;
  readonly hash: string;
  readonly traffic?: CanaryTraffic;
  readonly phases: Record<string, AnalysisPhase>;
}[] = [
  {
    title: 'no canary pod scraped at all (crashed before serving)',
    hash: 'nopods',
    phases: { 'canary-requests': 'Inconclusive', 'error-ratio': 'Inconclusive', 'p99-latency': 'Inconclusive' },
  },
  {
    title: 'canary pods without traffic (target group not registered)',
    hash: 'idle',
    traffic: { ok: 0, errors: 0, slowestBucket: '0.1' },
    phases: { 'canary-requests': 'Inconclusive', 'error-ratio': 'Inconclusive', 'p99-latency': 'Inconclusive' },
  },
  {
    title: 'too little traffic: 1 of 2 requests failing is not judged (never Failed, never Successful)',
    hash: 'thin',
    traffic: { ok: 1, errors: 1, slowestBucket: '10', lastScrapes: 1 },
    phases: { 'canary-requests': 'Inconclusive', 'error-ratio': 'Inconclusive', 'p99-latency': 'Inconclusive' },
  },
  {
    title: 'healthy: 60 requests a minute, no 5xx ever, all under 100 ms',
    hash: 'healthy',
    traffic: { ok: 30, errors: 0, slowestBucket: '0.1' },
    phases: { 'canary-requests': 'Successful', 'error-ratio': 'Successful', 'p99-latency': 'Successful' },
  },
  {
    title: '5xx above the threshold: 10% of requests',
    hash: 'errors',
    traffic: { ok: 27, errors: 3, slowestBucket: '0.1' },
    phases: { 'canary-requests': 'Successful', 'error-ratio': 'Failed', 'p99-latency': 'Successful' },
  },
  {
    title: 'latency above the threshold: every request between 0.5 s and 1 s',
    hash: 'slow',
    traffic: { ok: 30, errors: 0, slowestBucket: '1' },
    phases: { 'canary-requests': 'Successful', 'error-ratio': 'Successful', 'p99-latency': 'Failed' },
  },
  {
    title: 'latency beyond the last finite bucket (the quantile is that bucket, 10 s)',
    hash: 'beyond',
    traffic: { ok: 30, errors: 0, slowestBucket: '+Inf' },
    phases: { 'canary-requests': 'Successful', 'error-ratio': 'Successful', 'p99-latency': 'Failed' },
  },
];

let prometheus: RunningPrometheus;

beforeAll(async () => {
  prometheus = await startPrometheus(SCENARIOS.flatMap((s) => (s.traffic ? canarySeries(s.hash, s.traffic) : [])));
}, 60_000);

afterAll(async () => prometheus?.stop());

/** What Argo Rollouts measures for one metric of the template on the canary with `hash`. */
async function measure(metric: Metric, hash: string) {
  const query = metric.query.replaceAll(`{{args.${CANARY_HASH_ARG}}}`, hash);
  const result = vectorValues(await prometheus.query(query, END));
  return { result, phase: evaluateResult(metric, result) };
}

describe('the canary AnalysisTemplate', () => {
  it('is valid against the vendored AnalysisTemplate CRD', () => {
    expectValidManifests(template());
  });

  it('measures requests, the 5xx ratio and the p99 latency of the canary pods only', () => {
    expect(metrics().map((m) => m.name)).toEqual(['canary-requests', 'error-ratio', 'p99-latency']);
    for (const m of metrics()) {
      expect(m.query).toContain(`rollouts_pod_template_hash="{{args.${CANARY_HASH_ARG}}}"`);
      expect(m.query).toContain(`namespace="${identity.namespace}"`);
    }
  });

  it('waits one window of canary traffic before its first measurement', () => {
    // The design's window: 2 minutes, 4 scrapes at 30 s (test/constructs/canary-analysis.test.ts).
    for (const m of nonEmpty(analysisTemplate().spec.metrics)) expect(m.initialDelay).toBe('2m');
  });

  it('takes its thresholds and its request floor from the platform file', () => {
    const [requests, errors, latency] = metrics();
    expect(requests.successCondition).toContain(`>= ${analysis.minRequests}`);
    expect(errors.failureCondition).toContain(`> ${analysis.maxErrorRatio}`);
    expect(latency.failureCondition).toContain(`> ${analysis.maxP99LatencySeconds}`);
    for (const m of [errors, latency]) expect(m.query).toContain(`>= ${analysis.minRequests}`);
  });
});

describe.each(SCENARIOS)('a canary with $title', ({ hash, phases }) => {
  it.each(Object.keys(phases))('%s is judged as expected', async (name) => {
    const metric = metrics().find((m) => m.name === name)!;
    const { result, phase } = await measure(metric, hash);
    expect({ name, result, phase }).toEqual({ name, result, phase: phases[name] });
  });
});

describe('the scenarios measure what they claim (Prometheus returns these vectors)', () => {
  const byName = (name: string) => metrics().find((m) => m.name === name)!;

  it('no traffic: requests 0, no ratio, no latency', async () => {
    for (const hash of ['nopods', 'idle']) {
      expect((await measure(byName('canary-requests'), hash)).result).toEqual([0]);
      expect((await measure(byName('error-ratio'), hash)).result).toEqual([]);
      expect((await measure(byName('p99-latency'), hash)).result).toEqual([]);
    }
  });

  it(`thin traffic is below the floor of ${analysis.minRequests} requests, which alone keeps it from failing`, async () => {
    const [requests] = (await measure(byName('canary-requests'), 'thin')).result;
    expect(requests).toBeGreaterThan(0);
    expect(requests).toBeLessThan(analysis.minRequests);
    // The same ratio without the floor: 1 of 2 requests is 50%, far above the threshold.
    const errors = byName('error-ratio');
    const [ungated] = errors.query.split('\nand on ()');
    const { result, phase } = await measure({ ...errors, query: ungated }, 'thin');
    expect(result).toEqual([0.5]);
    expect(phase).toBe('Failed');
  });

  it('healthy traffic has a 0 ratio although it has no 5xx series, and 10% errors measure 0.1', async () => {
    expect((await measure(byName('error-ratio'), 'healthy')).result).toEqual([0]);
    const [ratio] = (await measure(byName('error-ratio'), 'errors')).result;
    expect(ratio).toBeCloseTo(0.1, 10);
  });

  it('latency: p99 under 0.1 s, between 0.5 s and 1 s, and 10 s beyond the last bucket', async () => {
    const [fast] = (await measure(byName('p99-latency'), 'healthy')).result;
    const [slow] = (await measure(byName('p99-latency'), 'slow')).result;
    const [beyond] = (await measure(byName('p99-latency'), 'beyond')).result;
    expect(fast).toBeLessThanOrEqual(0.1);
    expect(slow).toBeGreaterThan(0.5);
    expect(slow).toBeLessThanOrEqual(1);
    expect(beyond).toBe(10);
  });
});

describe("the evaluator follows Argo Rollouts' expr semantics", () => {
  it('short-circuits && so an empty result is never indexed', () => {
    expect(evalCondition('len(result) > 0 && result[0] > 1', [])).toBe(false);
  });

  it('makes indexing an empty result an Error measurement (the old template judged no data this way)', () => {
    expect(evaluateResult({ successCondition: 'result[0] <= 0.05' }, [])).toBe('Error');
  });

  it('compares NaN as false, so a success-only NaN check fails', () => {
    expect(evaluateResult({ successCondition: 'result[0] <= 0.05' }, [NaN])).toBe('Failed');
    expect(evalCondition('!isNaN(result[0]) && result[0] <= 0.05', [NaN])).toBe(false);
  });

  it('makes neither condition true Inconclusive, and failure win over success', () => {
    expect(evaluateResult({ successCondition: 'false', failureCondition: 'false' }, [])).toBe('Inconclusive');
    expect(evaluateResult({ successCondition: 'true', failureCondition: 'true' }, [])).toBe('Failed');
    expect(evaluateResult({}, [])).toBe('Successful');
  });

  it('rejects syntax it does not model instead of guessing', () => {
    expect(() => evalCondition('result[0] * 2 > 1', [1])).toThrow(/unsupported syntax/);
    expect(() => evalCondition('asInt(result[0]) > 1', [1])).toThrow(/unsupported name/);
  });
});
