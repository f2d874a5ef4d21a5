import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { HttpServiceDefinition, ServiceSizing } from '../../config';
import { objectMeta, selectorLabels, serviceResourceName, type AppIdentity } from '../../constructs/identity';
import { podTemplate } from '../../constructs/pod-template';
import type { Endpoint } from '../local/cluster';

/** Port the drill app's Service listens on. */
export const DRILL_APP_SERVICE_PORT = 80;

export interface DrillAppProps {
  /** The drill's identity: the temporary namespace. */
  readonly identity: AppIdentity;
  /** The environment the drill restores: the app runs as in it (APP_ENVIRONMENT, log level). */
  readonly environment: string;
  readonly service: string;
  readonly definition: HttpServiceDefinition;
  /** `repository:tag` of the app image. */
  readonly image: string;
  readonly resources: ServiceSizing['resources'];
  /** Plain environment variables of the service as it runs in the environment (logging). */
  readonly env: readonly k8s.EnvVar[];
  /** The restored instance: the app's one database. */
  readonly database: Endpoint & { readonly name: string };
  /** The restored instance's master user (the source's, restored with the data). */
  readonly credentials: { readonly username: string; readonly password: string };
}

/**
 * One pod of the app's http service, pointed at the restored instance: the same image, probes and security as in
 * production, the same ConfigMap and Secret names (so the pod reads its database as it always does), and no Redis
 * (the drill's NetworkPolicies let it reach nothing but the restore).
 */
export class DrillApp extends Construct {
  readonly serviceName: string;

  constructor(scope: Construct, id: string, props: DrillAppProps) {
    super(scope, id);
    const { identity, service, definition } = props;
    const app = identity.app;
    this.serviceName = serviceResourceName(identity, service);
    const podLabels = selectorLabels(identity, service);
    const credentialsSecret = `${app}-database-credentials`;
    const databaseConfig = `${app}-database`;

    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: objectMeta(identity, this.serviceName, service),
      automountServiceAccountToken: false,
    });
    new k8s.KubeSecret(this, 'Credentials', {
      metadata: objectMeta(identity, credentialsSecret, 'database'),
      type: 'Opaque',
      stringData: { username: props.credentials.username, password: props.credentials.password },
    });
    new k8s.KubeConfigMap(this, 'Database', {
      metadata: objectMeta(identity, databaseConfig, 'database'),
      data: {
        DATABASE_HOST: props.database.host,
        DATABASE_PORT: String(props.database.port),
        DATABASE_NAME: props.database.name,
        DATABASE_SSLMODE: 'verify-ca',
      },
    });
    const secretEnv = (name: string, key: string): k8s.EnvVar => ({
      name,
      valueFrom: { secretKeyRef: { name: credentialsSecret, key } },
    });
    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: objectMeta(identity, this.serviceName, service),
      spec: {
        replicas: 1,
        selector: { matchLabels: podLabels },
        template: podTemplate({
          identity,
          service,
          image: props.image,
          definition,
          resources: props.resources,
          serviceAccountName: this.serviceName,
          ports: [{ name: 'http', containerPort: definition.port, protocol: 'TCP' }],
          probePort: 'http',
          env: [
            { name: 'APP_ENVIRONMENT', value: props.environment },
            ...props.env,
            secretEnv('DATABASE_USERNAME', 'username'),
            secretEnv('DATABASE_PASSWORD', 'password'),
          ],
          configMaps: [databaseConfig],
          requireZoneSpread: false,
        }),
      },
    });
    new k8s.KubeService(this, 'Service', {
      metadata: objectMeta(identity, this.serviceName, service),
      spec: {
        selector: podLabels,
        ports: [{ name: 'http', port: DRILL_APP_SERVICE_PORT, targetPort: k8s.IntOrString.fromString('http') }],
      },
    });
  }
}
