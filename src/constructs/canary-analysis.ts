import { Construct } from 'constructs';
import type { Analysis } from '../config';
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

/**
 * A canary without requests in the window yields an empty vector (no series) or NaN (0/0, or a quantile of
 * no observations). Argo treats an evaluation error like a failure and a background run's failure aborts the
 * rollout, so no data must pass: the analysis judges traffic, it does not demand it.
 */
const NO_DATA_PASSES = 'len(result) == 0 || isNaN(result[0])';

/**
 * Prometheus checks of a canary, run in the background for the whole rollout: the 5xx ratio and the p99
 * latency of the canary's pods. Exceeding a threshold `failureLimit + 1` times aborts the rollout.
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
    const window = '2m';
    const provider = (query: string) => ({ prometheus: { address: props.prometheusUrl, query } });
    const measurement = {
      interval: analysis.interval,
      failureLimit: AnalysisTemplateSpecMetricsFailureLimit.fromNumber(analysis.failureLimit),
    };

    new AnalysisTemplate(this, 'Resource', {
      metadata: objectMeta(identity, this.templateName, service),
      spec: {
        args: [{ name: CANARY_HASH_ARG }],
        metrics: [
          {
            name: 'error-ratio',
            ...measurement,
            successCondition: `${NO_DATA_PASSES} || result[0] <= ${analysis.maxErrorRatio}`,
            provider: provider(
              `(sum(rate(${HTTP_REQUESTS_TOTAL}{${canaryPods}, code=~"5.."}[${window}]))` +
                ` / sum(rate(${HTTP_REQUESTS_TOTAL}{${canaryPods}}[${window}]))) or vector(0)`,
            ),
          },
          {
            name: 'p99-latency',
            ...measurement,
            successCondition: `${NO_DATA_PASSES} || result[0] <= ${analysis.maxP99LatencySeconds}`,
            provider: provider(
              `histogram_quantile(0.99, sum by (le) (rate(${HTTP_REQUEST_DURATION_SECONDS}_bucket{${canaryPods}}[${window}])))`,
            ),
          },
        ],
      },
    });
  }
}
