/** The pieces of the template writer whose mistakes helm would not report, only render differently. */
import { Sentinels, valuesExpression } from '../../src/helm/sentinels';
import { escapeActions, TemplateWriter, yamlScalar } from '../../src/helm/template-writer';

describe('yamlScalar', () => {
  it.each(['on', 'off', 'yes', 'No', 'y', 'N', 'true', 'null'])('quotes %s, a boolean or null in YAML 1.1', (word) => {
    expect(yamlScalar(word)).toBe(`"${word}"`);
  });

  it.each(['5432', '0644', '1e3', '1', ''])('quotes %j, which would not read back as a string', (text) => {
    expect(yamlScalar(text)).toBe(JSON.stringify(text));
  });

  it('leaves names and paths plain', () => {
    expect(['your-app-api', '/livez', 'app.kubernetes.io/name'].map(yamlScalar)).toEqual([
      'your-app-api',
      '/livez',
      'app.kubernetes.io/name',
    ]);
  });
});

it('escapes every {{ so helm prints it: Argo and Prometheus templates, even back to back', () => {
  expect(escapeActions('hash="{{args.canary-hash}}" {{{')).toBe('hash="{{ "{{" }}args.canary-hash}}" {{ "{{" }}{');
});

it('reaches values under keys that are not Go identifiers with index', () => {
  expect(valuesExpression(['services', 'api', 'replicas'])).toBe('.Values.services.api.replicas');
  expect(valuesExpression(['services', 'mail-sender', 'replicas'])).toBe(
    '(index .Values.services "mail-sender" "replicas")',
  );
  expect(valuesExpression(['aws', 'subnets', 0])).toBe('(index .Values.aws.subnets 0)');
});

describe('a list value (canary steps)', () => {
  const sentinels = new Sentinels();
  const code = sentinels.number(['steps', 0, 'setWeight'], true);
  sentinels.list(['steps'], [{ setWeight: code }]);

  it('is rendered from values as a whole where the objects hold it unchanged', () => {
    const text = new TemplateWriter(sentinels).document({
      kind: 'value',
      value: { spec: { steps: [{ setWeight: code }] } },
    });
    expect(text).toContain('spec:\n  steps:\n{{- toYaml .Values.steps | nindent 4 }}\n');
  });

  it('is refused where a construct changed it, instead of rendering a wrong list', () => {
    const writer = new TemplateWriter(sentinels);
    const changed = { kind: 'value' as const, value: { steps: [{ weight: code }] } };
    expect(() => writer.document(changed)).toThrow('steps.0.setWeight belongs to a list value');
  });
});
