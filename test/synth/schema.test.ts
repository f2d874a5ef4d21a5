/**
 * Every object `npm run synth` emits validates: built-in kinds against the Kubernetes OpenAPI schema (API
 * versions served by both 1.28 and current clusters), custom resources against their CRD's openAPIV3Schema.
 */
import { ENVIRONMENTS } from '../helpers/platform';
import { defaultPlatformWithTag } from '../helpers/platform';
import { environmentObjects } from '../helpers/manifests';
import { describeManifest, validateManifest } from '../helpers/k8s-schema';

const platform = defaultPlatformWithTag('abc1234');

describe.each(ENVIRONMENTS)('%s', (env) => {
  const objects = environmentObjects(platform, env);

  it('emits objects', () => expect(objects.length).toBeGreaterThan(10));

  it.each(objects.map((o) => [describeManifest(o), o] as const))('%s is valid', (_name, object) => {
    expect(validateManifest(object)).toEqual([]);
  });
});
