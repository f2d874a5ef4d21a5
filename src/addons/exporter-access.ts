import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import {
  ExternalSecret,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
} from '../../imports/external-secret-external-secrets.io';
import type { DataStoreEndpoint } from '../constructs/baseline-network-policies';
import { platformLabels, type AddOn, type ClusterContext } from './addon';
import { EXPORTER_SECRET_STORE } from './external-secrets';

/** Requests and limits of one exporter container: the app namespace's ResourceQuota counts them. */
export const EXPORTER_RESOURCES = {
  requests: { cpu: '50m', memory: '64Mi' },
  limits: { cpu: '200m', memory: '128Mi' },
} as const;

/**
 * Where every data-store exporter runs: in the app namespace, where the data-store alerts look for it, after the
 * secret stores (wave 4); one pod, and a second while a rolling update surges.
 */
export const EXPORTER_PLACEMENT = {
  wave: 4,
  appNamespacePods: { pods: 2, resources: EXPORTER_RESOURCES },
  namespace: (platform, environment) => platform.environments[environment].namespace,
} as const satisfies Pick<AddOn, 'wave' | 'appNamespacePods' | 'namespace'>;

export interface ExporterAccessProps {
  readonly ctx: ClusterContext;
  /** The exporter's release: its pods carry `app.kubernetes.io/instance: <release>`. */
  readonly release: string;
  /** Container port Prometheus scrapes. */
  readonly metricsPort: number;
  /** The data store: its tier's subnets in this region's network plan, and its port. */
  readonly store: DataStoreEndpoint;
  /** The credentials: the Secrets Manager secret and its JSON properties, synced into Secret `<release>-credentials`. */
  readonly credentials: { readonly remoteKey: string; readonly properties: readonly string[] };
}

/**
 * What an exporter in the app namespace needs beside its chart. The namespace denies all traffic by default, so:
 * ingress from the monitoring namespace on the metrics port only, egress to its data store's subnets on the store's
 * port only (DNS is allowed namespace-wide), and its credentials through an ExternalSecret of the exporters'
 * ClusterSecretStore.
 */
export class ExporterAccess extends Construct {
  /** The Secret the exporter reads its credentials from. */
  readonly secretName: string;

  constructor(scope: Construct, id: string, props: ExporterAccessProps) {
    super(scope, id);
    const { ctx, release } = props;
    const { platform, environment } = ctx;
    const namespace = platform.environments[environment].namespace;
    const metadata = (name: string) => ({ name, namespace, labels: platformLabels(platform) });
    const pods = { matchLabels: { 'app.kubernetes.io/instance': release } };
    const tcp = (port: number) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });
    new k8s.KubeNetworkPolicy(this, 'Scrape', {
      metadata: metadata(`${release}-scrape`),
      spec: {
        podSelector: pods,
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              {
                namespaceSelector: {
                  matchLabels: { 'kubernetes.io/metadata.name': platform.monitoring.namespace },
                },
              },
            ],
            ports: [tcp(props.metricsPort)],
          },
        ],
      },
    });
    new k8s.KubeNetworkPolicy(this, 'Store', {
      metadata: metadata(`${release}-store`),
      spec: {
        podSelector: pods,
        policyTypes: ['Egress'],
        egress: [{ to: props.store.subnets.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(props.store.port)] }],
      },
    });
    this.secretName = `${release}-credentials`;
    new ExternalSecret(this, 'Credentials', {
      metadata: metadata(this.secretName),
      spec: {
        refreshInterval: '1h',
        secretStoreRef: {
          kind: ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE,
          name: EXPORTER_SECRET_STORE,
        },
        target: { name: this.secretName, creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER },
        data: props.credentials.properties.map((property) => ({
          secretKey: property,
          remoteRef: { key: props.credentials.remoteKey, property },
        })),
      },
    });
  }
}
