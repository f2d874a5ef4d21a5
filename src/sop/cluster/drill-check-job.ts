import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { objectMeta, recommendedLabels, type AppIdentity } from '../../constructs/identity';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../../constructs/pod-security';
import type { Endpoint } from '../local/cluster';
import { CHECKS_DIR, SCRIPT_FILE, SNAPSHOT_FILE } from './check-script';

export interface DrillCheckJobProps {
  readonly identity: AppIdentity;
  /** Labels of the Job's pod: the NetworkPolicies select it by them. */
  readonly podLabels: Record<string, string>;
  /** Image with psql and BusyBox (`sop.restoreDrill.image`). */
  readonly image: string;
  /** The check script (check-script.ts) and the snapshot statement (snapshot-sql.ts). */
  readonly script: string;
  readonly snapshotSql: string;
  /** Database the statement reads, on both servers. */
  readonly database: string;
  /** Production's read replica. */
  readonly source: Endpoint;
  /** The restored instance. */
  readonly restored: Endpoint;
  /** Base URL of the temporary app: `http://<service>.<namespace>.svc:80`. */
  readonly appUrl: string;
  /** Secret with the master user's `username` and `password`. */
  readonly credentialsSecret: string;
  /**
   * Seconds the Job may run before Kubernetes stops it.
   * @default 600
   */
  readonly deadlineSeconds?: number;
}

/**
 * The Job that runs the drill's checks once: no retry (a second run would only repeat a failure), a deadline,
 * the restricted security context, and a read-only session on both servers (default_transaction_read_only), so not
 * even a mistake in a statement can write to production's replica or to the restore.
 */
export class DrillCheckJob extends Construct {
  readonly jobName: string;

  constructor(scope: Construct, id: string, props: DrillCheckJobProps) {
    super(scope, id);
    const { identity } = props;
    this.jobName = `${identity.app}-sop-drill-checks`;
    const configName = this.jobName;
    new k8s.KubeConfigMap(this, 'Script', {
      metadata: objectMeta(identity, configName, 'sop-drill-checks'),
      data: { [SCRIPT_FILE]: props.script, [SNAPSHOT_FILE]: props.snapshotSql },
    });
    const fromSecret = (name: string, key: string): k8s.EnvVar => ({
      name,
      valueFrom: { secretKeyRef: { name: props.credentialsSecret, key } },
    });
    new k8s.KubeJob(this, 'Job', {
      metadata: objectMeta(identity, this.jobName, 'sop-drill-checks'),
      spec: {
        backoffLimit: 0,
        activeDeadlineSeconds: props.deadlineSeconds ?? 600,
        template: {
          metadata: { labels: { ...recommendedLabels(identity, 'sop-drill-checks'), ...props.podLabels } },
          spec: {
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
            securityContext: restrictedPodSecurityContext(),
            containers: [
              {
                name: 'checks',
                image: props.image,
                imagePullPolicy: 'IfNotPresent',
                command: ['/bin/sh', `${CHECKS_DIR}/${SCRIPT_FILE}`],
                env: [
                  fromSecret('PGUSER', 'username'),
                  fromSecret('PGPASSWORD', 'password'),
                  { name: 'PGDATABASE', value: props.database },
                  // RDS enforces TLS (rds.force_ssl); the image has no RDS CA bundle to verify it against.
                  { name: 'PGSSLMODE', value: 'require' },
                  { name: 'PGCONNECT_TIMEOUT', value: '10' },
                  { name: 'PGOPTIONS', value: '-c default_transaction_read_only=on -c statement_timeout=300000' },
                  { name: 'SOURCE_HOST', value: props.source.host },
                  { name: 'SOURCE_PORT', value: String(props.source.port) },
                  { name: 'RESTORED_HOST', value: props.restored.host },
                  { name: 'RESTORED_PORT', value: String(props.restored.port) },
                  { name: 'APP_URL', value: props.appUrl },
                  { name: 'HOME', value: '/tmp' },
                ],
                resources: {
                  requests: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('64Mi') },
                  limits: { cpu: k8s.Quantity.fromString('500m'), memory: k8s.Quantity.fromString('256Mi') },
                },
                securityContext: restrictedContainerSecurityContext(),
                volumeMounts: [
                  { name: 'checks', mountPath: CHECKS_DIR, readOnly: true },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              },
            ],
            volumes: [
              { name: 'checks', configMap: { name: configName } },
              { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
            ],
          },
        },
      },
    });
  }
}
