import { Construct } from 'constructs';
import { ANALYSIS_WINDOW, type Analysis } from '../config';
import {
  AnalysisTemplate,
  AnalysisTemplateSpecMetricsFailureLimit,
} from '../../imports/argo-analysis-template-argoproj.io';
import { HTTP_REQUEST_DURATION_SECONDS, HTTP_REQUESTS_TOTAL, SCRAPE_LABELS } from '../observability/metrics-contract';
import { objectMeta, serviceResourceName, type AppIdentity } from './identity';

export interface CanaryAnalysisProps {
  readonly identity: AppIdentity;
  readonly service: string;
  readonly analysis: Analysis;
  /** Prometheus the measurements query. */
  readonly prometheusUrl: string;
}

/** Argument Argo Rollouts fills with the canary's pod-template hash, so queries see only canary pods. */
export const CANARY_HASH_ARG = 'canary-hash';

/** A measurement with a value: Argo passes a vector as `[]float64`, which is empty without series. */
const HAS_VALUE = 'len(result) > 0 && !isNaN(result[0])';

/**
 * Prometheus checks of a canary, run in the background for the whole rollout: the canary's request count, its 5xx
 * ratio and its p99 latency over the last window. How Argo Rollouts v1.9.1 judges a measurement
 * (utils/evaluate/evaluate.go EvaluateResult): with both conditions, failure wins, and neither true is
 * Inconclusive. So a window with fewer requests than `minRequests` (the ratio and latency queries return nothing) is
 * Inconclusive, never Successful: with the default inconclusiveLimit of 0 the first one pauses the rollout for a
 * person (analysis/analysis.go assessMetricFailureInconclusiveOrError, rollout/analysis.go). A threshold exceeded
 * `failureLimit + 1` times is Failed, which aborts the rollout.
 */
export class CanaryAnalysis extends Construct {
  public readonly templateName: string;

  constructor(scope: Construct, id: string, props: CanaryAnalysisProps) {
    super(scope, id);
    const { identity, service, analysis } = props;
    this.templateName = serviceResourceName(identity, service, 'canary-analysis');
    const canaryPods = [
      `${SCRAPE_LABELS.namespace}="${identity.namespace}"`,
      `${SCRAPE_LABELS.serviceName}="${service}"`,
      `${SCRAPE_LABELS.podTemplateHash}="{{args.${CANARY_HASH_ARG}}}"`,
    ].join(', ');
    const requests = (extra = '') => `${HTTP_REQUESTS_TOTAL}{${canaryPods}${extra}}`;
    const canaryRequests = `sum(increase(${requests()}[${ANALYSIS_WINDOW}]))`;
    // Empty unless the window holds enough requests to judge.
    const enoughRequests = `and on () (${canaryRequests} >= ${analysis.minRequests})`;
    const provider = (query: string) => ({ prometheus: { address: props.prometheusUrl, query } });
    const measurement = {
      interval: analysis.interval,
      // The first measurement reads a full window of canary traffic, not the minutes before it had any.
      initialDelay: ANALYSIS_WINDOW,
      failureLimit: AnalysisTemplateSpecMetricsFailureLimit.fromNumber(analysis.failureLimit),
    };
    const judged = (max: number) => ({
      successCondition: `${HAS_VALUE} && result[0] <= ${max}`,
      failureCondition: `${HAS_VALUE} && result[0] > ${max}`,
    });

    new AnalysisTemplate(this, 'Resource', {
      metadata: objectMeta(identity, this.templateName, service),
      spec: {
        args: [{ name: CANARY_HASH_ARG }],
        metrics: [
          {
            // The evidence itself, so the AnalysisRun says why it is inconclusive. Never Failed: below the floor
            // neither condition holds.
            name: 'canary-requests',
            ...measurement,
            successCondition: `result[0] >= ${analysis.minRequests}`,
            failureCondition: 'false',
            provider: provider(`${canaryRequests} or vector(0)`),
          },
          {
            // No 5xx series at all is 0%, not "no data": the fallback sits on the numerator only.
            name: 'error-ratio',
            ...measurement,
            ...judged(analysis.maxErrorRatio),
            provider: provider(
              `(sum(rate(${requests(', code=~"5.."')}[${ANALYSIS_WINDOW}])) or vector(0))` +
                ` / sum(rate(${requests()}[${ANALYSIS_WINDOW}]))\n${enoughRequests}`,
            ),
          },
          {
            // Beyond the last finite bucket the quantile is +Inf, which fails.
            name: 'p99-latency',
            ...measurement,
            ...judged(analysis.maxP99LatencySeconds),
            provider: provider(
              `histogram_quantile(0.99, sum by (le) (rate(${HTTP_REQUEST_DURATION_SECONDS}_bucket{${canaryPods}}[${ANALYSIS_WINDOW}])))` +
                `\n${enoughRequests}`,
            ),
          },
        ],
      },
    });
  }
}
