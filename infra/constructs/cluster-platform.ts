import { Construct } from 'constructs';
import { awsWorkloads } from '../../src/config';
import type { InfraContext } from '../context';
import { AccessLogsBucket } from './access-logs-bucket';
import { AlertReceiverSecrets } from './alert-receiver-secrets';
import { ExternalDnsRole } from './external-dns-role';
import { LokiStorage } from './loki-storage';
import { PublicZone } from './public-zone';
import { RegionalCertificate } from './regional-certificate';
import { RolloutsRole } from './rollouts-role';
import type { ReadableSecret } from './secret-access';
import { SecretsReaderRole } from './secrets-reader-role';
import { WebAcl } from './web-acl';
import type { ClusterOidc } from './workload-role';

export interface ClusterPlatformProps extends ClusterOidc {
  readonly context: InfraContext;
  /** The data stores' secrets the exporters read: the database credentials and the Redis AUTH token. */
  readonly dataStoreSecrets: readonly ReadableSecret[];
}

/**
 * What the cluster's add-ons need from AWS in this region (src/addons): the IRSA roles of those that call AWS
 * (each named by `siteResourceName` and trusting its add-on's ServiceAccount), Loki's bucket, Alertmanager's receiver
 * secrets, and the internet edge of the public services: the zone, the ACM certificate, the web ACL and the access
 * log bucket the AWS Load Balancer Controller attaches to every ALB.
 */
export class ClusterPlatform extends Construct {
  readonly zone: PublicZone;
  readonly certificate: RegionalCertificate;
  readonly webAcl: WebAcl;
  readonly accessLogs: AccessLogsBucket;
  readonly loki: LokiStorage;
  readonly receiverSecrets: AlertReceiverSecrets;
  /** Role ARN of each add-on workload this construct creates a role for. */
  readonly roleArns: Record<string, string>;

  constructor(scope: Construct, id: string, props: ClusterPlatformProps) {
    super(scope, id);
    const ctx = props.context;
    const oidc = { oidcProviderArn: props.oidcProviderArn, oidcIssuerHostPath: props.oidcIssuerHostPath };
    const workloads = awsWorkloads(ctx.platform);
    this.zone = new PublicZone(this, 'zone', { context: ctx });
    this.certificate = new RegionalCertificate(this, 'certificate', { context: ctx, zoneId: this.zone.zoneId });
    this.webAcl = new WebAcl(this, 'web-acl', { context: ctx });
    this.accessLogs = new AccessLogsBucket(this, 'alb-access-logs', { context: ctx });
    this.loki = new LokiStorage(this, 'loki', { context: ctx, ...oidc });
    this.receiverSecrets = new AlertReceiverSecrets(this, 'alert-receivers', { context: ctx });
    const alertmanagerSecrets = new SecretsReaderRole(this, 'alertmanager-secrets', {
      context: ctx,
      ...oidc,
      workload: workloads['alertmanager-secrets'],
      secrets: this.receiverSecrets.readable(),
    });
    const exporterSecrets = new SecretsReaderRole(this, 'exporter-secrets', {
      context: ctx,
      ...oidc,
      workload: workloads['exporter-secrets'],
      secrets: props.dataStoreSecrets,
    });
    const externalDns = new ExternalDnsRole(this, 'external-dns', {
      context: ctx,
      ...oidc,
      zoneArn: this.zone.zoneArn,
    });
    const rollouts = new RolloutsRole(this, 'argo-rollouts', { context: ctx, ...oidc });
    this.roleArns = {
      loki: this.loki.roleArn,
      'alertmanager-secrets': alertmanagerSecrets.roleArn,
      'exporter-secrets': exporterSecrets.roleArn,
      'external-dns': externalDns.roleArn,
      'argo-rollouts': rollouts.roleArn,
    };
  }
}
