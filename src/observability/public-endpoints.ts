/**
 * The app's public endpoints as the internet sees them: for every public http service, its readiness path at its
 * public host, through DNS, the certificate, the ALB and the target group. The blackbox exporter probes each one
 * (EndpointProbe), and the endpoint alerts and the APM dashboard read the probe's series.
 */
import { publicHost, type Platform } from '../config';
import { appIdentity, serviceResourceName, type AppIdentity } from '../constructs/identity';

/**
 * The blackbox exporter module every probe uses: an HTTP GET that succeeds on a 2xx. The module of that name in the
 * prometheus-blackbox-exporter chart's default config (values.yaml `config.modules.http_2xx`).
 */
export const BLACKBOX_HTTP_MODULE = 'http_2xx';

export interface PublicEndpoint {
  readonly service: string;
  readonly url: string;
  /** `job` of the probe's series (the Probe's jobName). */
  readonly job: string;
  /**
   * The AWS Load Balancer Controller's `ingress.k8s.aws/stack` tag on the service's ALB and target groups:
   * `<namespace>/<ingress name>` for an Ingress outside any IngressGroup.
   */
  readonly albStack: string;
}

/** `job` of a service's probe series: `your-app-api-endpoint`. */
export function probeJobName(identity: AppIdentity, service: string): string {
  return serviceResourceName(identity, service, 'endpoint');
}

export function publicEndpoints(platform: Platform, environment: string): PublicEndpoint[] {
  const identity = appIdentity(platform, environment);
  const { domain } = platform.environments[environment];
  return Object.entries(platform.services).flatMap(([service, definition]) =>
    definition.kind === 'http' && definition.exposure === 'public'
      ? [
          {
            service,
            url: `https://${publicHost(service, domain)}${definition.health.readinessPath}`,
            job: probeJobName(identity, service),
            albStack: `${identity.namespace}/${serviceResourceName(identity, service)}`,
          },
        ]
      : [],
  );
}
