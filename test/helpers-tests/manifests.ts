/** Minimal valid manifests of each supported kind, written from the upstream API references. */

const labels = { 'app.kubernetes.io/name': 'web' };

function podSpec() {
  return {
    containers: [
      {
        name: 'web',
        image: 'nginx:1.27',
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
      },
    ],
  };
}

export function deployment() {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: { metadata: { labels }, spec: podSpec() },
    },
  };
}

export function service() {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  };
}

export function podDisruptionBudget() {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { minAvailable: 1, selector: { matchLabels: labels } },
  };
}

export function horizontalPodAutoscaler() {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      scaleTargetRef: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      ],
    },
  };
}

export function networkPolicy() {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'web-ingress', namespace: 'shop' },
    spec: {
      podSelector: { matchLabels: labels },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress' } } }] }],
    },
  };
}

export function rollout() {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web', namespace: 'shop', labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: podSpec() },
      strategy: {
        canary: {
          maxSurge: '25%',
          maxUnavailable: 0,
          steps: [{ setWeight: 10 }, { pause: { duration: '1m' } }, { setWeight: 100 }],
        },
      },
    },
  };
}

export function analysisTemplate() {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: { name: 'success-rate', namespace: 'shop' },
    spec: {
      args: [{ name: 'service-name' }],
      metrics: [
        {
          name: 'success-rate',
          interval: '1m',
          successCondition: 'result[0] >= 0.95',
          failureLimit: 3,
          provider: {
            prometheus: {
              address: 'http://prometheus.monitoring:9090',
              query: 'sum(rate(http_requests_total{service="{{args.service-name}}",code!~"5.."}[5m]))',
            },
          },
        },
      ],
    },
  };
}

export function serviceMonitor() {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { selector: { matchLabels: labels }, endpoints: [{ port: 'metrics', interval: '30s', path: '/metrics' }] },
  };
}

export function podMonitor() {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { selector: { matchLabels: labels }, podMetricsEndpoints: [{ port: 'metrics' }] },
  };
}

export function prometheusRule() {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      groups: [
        {
          name: 'web',
          interval: '30s',
          rules: [
            {
              alert: 'WebDown',
              expr: 'up{job="web"} == 0',
              for: '5m',
              labels: { severity: 'critical' },
              annotations: { summary: 'web is down' },
            },
          ],
        },
      ],
    },
  };
}

export function alertmanagerConfig() {
  return {
    apiVersion: 'monitoring.coreos.com/v1alpha1',
    kind: 'AlertmanagerConfig',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      route: {
        receiver: 'team',
        groupBy: ['alertname'],
        matchers: [{ name: 'severity', value: 'critical', matchType: '=' }],
      },
      receivers: [{ name: 'team', webhookConfigs: [{ url: 'http://alert-relay.shop:8080/hook' }] }],
    },
  };
}

export function externalSecret() {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'db', namespace: 'shop' },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'SecretStore', name: 'aws' },
      target: { name: 'db', creationPolicy: 'Owner' },
      data: [{ secretKey: 'password', remoteRef: { key: 'shop/db', property: 'password' } }],
    },
  };
}

function awsProvider() {
  return {
    aws: { service: 'SecretsManager', region: 'eu-west-1', auth: { jwt: { serviceAccountRef: { name: 'web' } } } },
  };
}

export function secretStore() {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'SecretStore',
    metadata: { name: 'aws', namespace: 'shop' },
    spec: { provider: awsProvider() },
  };
}

export function clusterSecretStore() {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterSecretStore',
    metadata: { name: 'aws' },
    spec: { provider: awsProvider() },
  };
}
