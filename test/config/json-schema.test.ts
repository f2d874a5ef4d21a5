/**
 * platform.schema.json is what an editor checks a platform file against: it accepts the files the loader accepts
 * (keys beginning with x- included) and flags what the loader refuses field by field.
 */
import Ajv from 'ajv';
import * as path from 'path';
import { platformJsonSchema, readPlatformFile } from '../../src/config';
import { ROOT } from '../helpers/files';
import { defaultDocument, setIn } from '../helpers/platform';

const validate = new Ajv({ strict: false, allErrors: true }).compile(platformJsonSchema());
const errorsOf = (document: unknown) =>
  validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

it.each(['platform.yaml', 'examples/minimal.yaml'])('accepts %s', (file) => {
  expect(errorsOf(readPlatformFile(path.join(ROOT, file)).document)).toEqual([]);
});

it('accepts x- keys at every level', () => {
  const document = defaultDocument();
  document['x-anchors'] = { a: 1 };
  document.environments.qa['x-note'] = 'hi';
  expect(errorsOf(document)).toEqual([]);
});

it.each([
  ['an unknown key', 'environments.qa.replica', 3, '/environments/qa must NOT have additional properties'],
  [
    'a number for an account id',
    'environments.qa.aws.accountId',
    111111111111,
    '/environments/qa/aws/accountId must be string',
  ],
  ['an image tag latest', 'image.tag', 'latest', '/image/tag must NOT be valid'],
  ['a service kind that does not exist', 'services.api.kind', 'cron', '/services/api'],
  [
    'a VPC CIDR with a leading zero (Go reads no such address)',
    'environments.qa.aws.network.vpcCidr',
    '10.010.0.0/16',
    '/environments/qa/aws/network/vpcCidr must match pattern',
  ],
  [
    'a VPC CIDR with a prefix longer than 32',
    'environments.qa.aws.network.vpcCidr',
    '10.10.0.0/33',
    '/environments/qa/aws/network/vpcCidr must match pattern',
  ],
])('flags %s', (_, field, value, message) => {
  const document = defaultDocument();
  setIn(document, field, value);
  expect(errorsOf(document).join('\n')).toContain(message);
});
