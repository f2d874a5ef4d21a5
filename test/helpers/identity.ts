import type { AppIdentity } from '../../src/constructs/identity';

/** An app identity unlike the built-in platform's, for constructs tested alone: nothing can come from defaults. */
export const SHOP_IDENTITY: AppIdentity = {
  app: 'shop',
  partOf: 'shop-suite',
  environment: 'prod',
  namespace: 'shop-prod',
  version: 'abc1234',
};
