/**
 * How a wrong value reads, whatever the field: `<field path>: <rule>`, where the rule names what the field must be
 * and what it got (issue 8: a missing field says it is required, a number where text belongs says to quote it, an
 * unknown key names the closest known one, a bad map key states the rule). Each case is one mistake a person makes
 * in platform.yaml; the expected line is written from that rule, field by field.
 */
import { platformWith, problemsOf, setIn } from '../helpers/platform';

const DNS_LABEL =
  'must be a DNS-1123 label (lower-case letters, digits and "-", starting with a letter, at most 63 characters)';

describe('a value of the wrong type names what the field takes and what it got', () => {
  it.each([
    // A word where a number belongs: "a", not "an", before a consonant; "a string", not "an string".
    ['a port written as text', 'services.api.port', '8080', 'services.api.port: must be a number, not a string'],
    // An empty value (`domain:`) is YAML's null: present, so not "is required".
    ['an empty value', 'environments.qa.domain', null, 'environments.qa.domain: must be a string, not null'],
    [
      'a list where text belongs',
      'environments.qa.domain',
      ['qa.example.com'],
      'environments.qa.domain: must be a string, not a list',
    ],
    [
      'a map where text belongs',
      'environments.qa.domain',
      { host: 'qa' },
      'environments.qa.domain: must be a string, not a map',
    ],
    // A number where a map belongs is no quoting matter.
    [
      'a number where a map belongs',
      'environments.qa.aws.network',
      16,
      'environments.qa.aws.network: must be an object, not a number',
    ],
  ])('%s', (_, path, value, expected) => {
    expect(problemsOf(platformWith((c) => setIn(c, path, value)))).toEqual([expected]);
  });

  it('says to quote a boolean where text belongs, as it does a number', () => {
    // `partOf: true` is YAML's boolean; the label needs the text "true".
    expect(problemsOf(platformWith((c) => setIn(c, 'app.partOf', true)))).toEqual([
      'app.partOf: must be a string, not a boolean: quote it (partOf: "true")',
    ]);
  });

  it('says to quote a number in a list of strings, showing the list item quoted', () => {
    // `args: [serve, 8080]`: the item has no key to show, so the example is the quoted item alone.
    expect(problemsOf(platformWith((c) => (c.services.api.args = ['serve', 8080])))).toEqual([
      'services.api.args[1]: must be a string, not a number: quote it ("8080")',
    ]);
  });

  it('names a platform file that is not a map at all', () => {
    expect(problemsOf(null)).toEqual(['(platform file): must be an object, not null']);
    expect(problemsOf(['qa', 'production'])).toEqual(['(platform file): must be an object, not a list']);
  });
});

describe('an unknown key names the closest known key of the object it is in', () => {
  it.each([
    [
      'at the top of the file',
      (c: any) => (c.enviroments = {}),
      '(platform file): unknown key "enviroments" (did you mean "environments"?)',
    ],
    [
      // Two letters swapped are two edits: still within reach of a six-letter key.
      'with two letters swapped',
      (c: any) => (c.environments.qa.aws.reigon = 'eu-west-1'),
      'environments.qa.aws: unknown key "reigon" (did you mean "region"?)',
    ],
    [
      // The service's kind decides its keys: the walk to `health` goes through the http option.
      'in a map inside a service of one kind',
      (c: any) => (c.services.api.health = { livenesPath: '/livez' }),
      'services.api.health: unknown key "livenesPath" (did you mean "livenessPath"?)',
    ],
    [
      // A worker has no port, exposure or slo: the list is the worker's.
      'far from every key of a worker',
      (c: any) => (c.services.worker.colour = 'blue'),
      'services.worker: unknown key "colour" (known keys: kind, args, metrics, health, automountServiceAccountToken)',
    ],
    [
      // A canary step is a setWeight step or a pause step: `pause:` makes it the pause step.
      'in the pause of a canary step',
      set('environments.qa.services.api.canary.steps', [{ setWeight: 50 }, { pause: { duraton: '5m' } }]),
      'environments.qa.services.api.canary.steps[1].pause: unknown key "duraton" (did you mean "duration"?)',
    ],
  ])('%s', (_, change, expected) => {
    expect(problemsOf(platformWith(change))).toEqual([expected]);
  });
});

describe('a map key that breaks its rule is named under its map', () => {
  it('a service sized in an environment, under a name that is not a DNS label', () => {
    expect(problemsOf(platformWith(set('environments.qa.services.Web', {})))).toEqual([
      `environments.qa.services: key "Web" ${DNS_LABEL}`,
    ]);
  });
});

function set(path: string, value: unknown) {
  return (document: any) => setIn(document, path, value);
}
