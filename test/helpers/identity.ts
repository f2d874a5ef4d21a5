import type { AppServiceProps } from '../../src/constructs/app-service';
import type { AppIdentity } from '../../src/constructs/identity';

/** An app identity unlike the built-in platform's, for constructs tested alone: nothing can come from defaults. */
export const SHOP_IDENTITY: AppIdentity = {
  app: 'shop',
  partOf: 'shop-suite',
  environment: 'prod',
  namespace: 'shop-prod',
  version: 'abc1234',
};

/** The labels every object of SHOP_IDENTITY carries that say whose it is (Kubernetes' recommended labels). */
export const SHOP_OWNER_LABELS = {
  'app.kubernetes.io/name': 'shop',
  'app.kubernetes.io/instance': 'shop-prod',
  'app.kubernetes.io/part-of': 'shop-suite',
} as const;

/** Where a service of SHOP_IDENTITY runs: one region, 3 zones, behind an ALB in one subnet. */
export const SHOP_SERVICE_PLACEMENT = {
  identity: SHOP_IDENTITY,
  image: 'registry.example.com/shop:abc1234',
  domain: 'prod.shop.example.com',
  regions: ['eu-west-1'],
  prometheusUrl: 'http://prometheus.example:9090',
  loadBalancerSubnets: ['10.0.0.0/24'],
  monitoringNamespace: 'monitoring',
  zoneCount: 3,
  requireZoneSpread: true,
  env: [],
  configMaps: [],
  priorityClassName: 'shop-critical',
} satisfies Omit<AppServiceProps, 'service' | 'definition' | 'sizing'>;
