/**
 * The platform file as the entry points read it (cli/platform-source.ts: loadPlatformFile): the error a person reads
 * (README "Bad input never half-writes": a heading, then one `  - <field path>: <rule>` line per problem), a file that
 * cannot be read or is not YAML, IMAGE_TAG (the pipeline's git short SHA), and where the built-in platform.yaml is.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import {
  ConfigError,
  DEFAULT_PLATFORM_FILE,
  loadPlatform,
  loadPlatformFile,
  parsePlatformText,
  projectRoot,
  readPlatformFile,
} from '../../src/config';
import { defaultDocument, platformWith, problemsOf, setIn } from '../helpers/platform';

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-file-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A file in the test's temporary directory. */
function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** The error `action` throws; fails the test when it throws none. */
function thrown(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('the error a person reads', () => {
  it.each([
    [
      'fields the file gets wrong',
      (c: any) => {
        setIn(c, 'environments.staging.services.api.replica', 3);
        setIn(c, 'environments.qa.aws.accountId', 12);
      },
      [
        'environments.qa.aws.accountId: must be a string, not a number: quote it (accountId: "12")',
        'environments.staging.services.api: unknown key "replica" (known keys: autoscaling, resources, maxUnavailable, canary)',
      ],
    ],
    [
      'rules the values break',
      (c: any) => {
        setIn(c, 'environments.production.services.api.autoscaling.minReplicas', 2);
        setIn(c, 'environments.qa.cluster.nodesPerZone', { min: 3, max: 2 });
      },
      [
        'environments.qa.cluster.nodesPerZone.min: must be <= nodesPerZone.max',
        'environments.production.services.api.autoscaling.minReplicas: must be >= 3 (a pod in every zone)',
      ],
    ],
  ])('lists %s under one heading, one indented line each, as the README shows', (_, change, problems) => {
    const error = thrown(() => loadPlatform(platformWith(change)));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(['invalid platform file:', ...problems.map((p) => `  - ${p}`)].join('\n'));
  });

  it('is named ConfigError where Node prints an uncaught one (the cdktf app)', () => {
    expect(String(thrown(() => loadPlatform(null)))).toBe(
      'ConfigError: invalid platform file:\n  - (platform file): must be an object, not null',
    );
  });
});

describe('reading the file', () => {
  it('loads a file, with IMAGE_TAG replacing the tag it states', () => {
    const file = write('platform.yaml', stringify(defaultDocument()));
    expect(loadPlatformFile(file).image.tag).toBe('0.1.0');
    expect(loadPlatformFile(file, { imageTag: '1234567' }).image.tag).toBe('1234567');
  });

  it('quotes a mistyped number as the file wrote it, leading zero and all', () => {
    const text = stringify(defaultDocument()).replace('accountId: "111111111111"', 'accountId: 012345678901');
    const file = write('account.yaml', text);
    expect(problemsOfError(() => loadPlatformFile(file))).toEqual([
      'environments.qa.aws.accountId: must be a string, not a number: quote it (accountId: "012345678901")',
    ]);
  });

  it('says a missing file cannot be read, with the reason, under "no platform"', () => {
    const missing = path.join(dir, 'missing.yaml');
    const error = thrown(() => readPlatformFile(missing));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(`no platform:\n  - ${missing}: cannot be read (ENOENT)`);
  });

  it('says a directory cannot be read as a platform file', () => {
    expect(problemsOfError(() => readPlatformFile(dir))).toEqual([`${dir}: cannot be read (EISDIR)`]);
  });

  it("gives the line and column of invalid YAML and the parser's reason, on one line", () => {
    // yaml 2.x (compose/resolve-block-map.js) refuses a key twice in one map: 'Map keys must be unique', at the
    // second key. Line 4, column 3: the second `name` of app.
    const text = 'app:\n  name: shop\n  owner: team\n  name: shop2\n';
    const error = thrown(() => parsePlatformText(text, 'shop.yaml'));
    expect(error.message).toBe(
      'no platform:\n  - shop.yaml: is not valid YAML at line 4, column 3: Map keys must be unique',
    );
  });

  it('reads an empty file as nothing, which is not a platform', () => {
    const { document } = readPlatformFile(write('empty.yaml', ''));
    expect(problemsOf(document)).toEqual(['(platform file): must be an object, not null']);
  });
});

describe('IMAGE_TAG', () => {
  it('becomes the tag of a file that states none, or no image at all', () => {
    const noTag = platformWith((c) => delete c.image.tag);
    expect(loadPlatform(noTag, { imageTag: 'abc1234' }).image).toEqual({
      repository: '333333333333.dkr.ecr.eu-west-1.amazonaws.com/your-app',
      tag: 'abc1234',
    });
    expect(
      problemsOf(
        platformWith((c) => delete c.image),
        'abc1234',
      ),
    ).toEqual(['image.repository: is required']);
  });

  // The pipeline sets IMAGE_TAG on every run: a malformed file must read the same with it as without it.
  it.each([
    ['an image written as one string', (c: any) => (c.image = '333333333333.dkr.ecr.eu-west-1.amazonaws.com/app:1.0')],
    ['an empty image', (c: any) => (c.image = null)],
  ])('leaves %s for the schema to name', (_, change) => {
    const document = platformWith(change);
    expect(problemsOf(document, 'abc1234')).toEqual(problemsOf(document));
    expect(problemsOf(document, 'abc1234')).toEqual([expect.stringMatching(/^image: must be an object, not /)]);
  });

  it.each([
    ['a list', ['qa', 'production'], 'a list'],
    ['an empty file', null, 'null'],
    ['a line of text', 'platform', 'a string'],
  ])('leaves a file that is %s for the schema to name', (_, document, what) => {
    expect(problemsOf(document, 'abc1234')).toEqual([`(platform file): must be an object, not ${what}`]);
  });
});

describe('the built-in platform.yaml', () => {
  it('is found in the nearest directory above with package.json and platform.yaml', () => {
    const root = path.join(dir, 'project');
    const nested = path.join(root, 'lib', 'src', 'config');
    fs.mkdirSync(nested, { recursive: true });
    fs.writeFileSync(path.join(root, 'package.json'), '{}');
    fs.writeFileSync(path.join(root, DEFAULT_PLATFORM_FILE), '');
    expect(projectRoot(nested)).toBe(root);
  });

  it('needs both files in one directory: a platform.yaml or a package.json alone does not make a project root', () => {
    const root = path.join(dir, 'both');
    const withPlatformOnly = path.join(root, 'examples');
    const withPackageOnly = path.join(withPlatformOnly, 'tool');
    fs.mkdirSync(withPackageOnly, { recursive: true });
    fs.writeFileSync(path.join(root, 'package.json'), '{}');
    fs.writeFileSync(path.join(root, DEFAULT_PLATFORM_FILE), '');
    fs.writeFileSync(path.join(withPlatformOnly, DEFAULT_PLATFORM_FILE), '');
    fs.writeFileSync(path.join(withPackageOnly, 'package.json'), '{}');
    expect(projectRoot(withPackageOnly)).toBe(root);
  });

  it('is missing above the file system root, and the error says where it looked from', () => {
    // Not a fresh temporary directory: a directory above it (os.tmpdir()) may hold a project of its own.
    const top = path.parse(dir).root;
    expect(() => projectRoot(top)).toThrow(`no platform.yaml above ${top}`);
  });
});

/** The problems of the ConfigError `action` throws. */
function problemsOfError(action: () => unknown): readonly string[] {
  const error = thrown(action);
  if (error instanceof ConfigError) return error.problems;
  throw error;
}
