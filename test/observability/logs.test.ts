/**
 * The JSON log contract (docs/observability/log-contract.schema.json), the environment that makes containers
 * follow it, and the Fluent Bit config that ships it to Loki.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ENVIRONMENTS } from '../helpers/platform';
import { LOG_FIELDS, LOG_HIGH_CARDINALITY_FIELDS, LOG_LEVELS } from '../../src/observability/log-contract';
import { jsonLoggingEnv } from '../../src/observability/logging-env';
import { FLUENT_BIT_CONFIG_KEY, LogShipping, fluentBitConfigMapName } from '../../src/observability/log-shipping';
import {
  FLUENT_BIT_HTTP_PORT,
  FLUENT_BIT_STATE_DIR,
  fluentBitYaml,
  lokiLabels,
} from '../../src/observability/fluent-bit-config';
import { loadPlatform } from '../../src/config';
import { platformWith, setIn } from '../helpers/platform';
import { forProvisioning, traceIdDerivedField } from '../../src/observability/loki-trace-link';
import { expectValidManifests } from '../helpers/k8s-schema';
import { defaultTestPlatform, only, synth, type Manifest } from '../helpers/harness';
import { nonEmpty } from '../helpers/collections';

const platform = defaultTestPlatform();
const schema = JSON.parse(
  readFileSync(path.join(__dirname, '../../docs/observability/log-contract.schema.json'), 'utf8'),
) as { required: string[]; properties: Record<string, { enum?: string[] }> };
const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema);

/** Problems of one stdout line against the contract, as `<path> <message>`; empty when it conforms. */
function lineProblems(line: string): string[] {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return ['(line) is not JSON'];
  }
  if (validate(record)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`);
}

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const valid = {
  timestamp: '2025-01-31T12:00:00.123Z',
  level: 'info',
  message: 'tenant created',
  service_name: 'api',
  trace_id: TRACE,
  tenant_id: 'acme-42',
};
const line = (change: Record<string, unknown>, drop: string[] = []) => {
  const record: Record<string, unknown> = { ...valid, ...change };
  for (const key of drop) delete record[key];
  return JSON.stringify(record);
};

describe('JSON log contract', () => {
  it('names the same fields and levels as src/observability/log-contract.ts', () => {
    expect(Object.keys(schema.properties).sort()).toEqual(Object.values(LOG_FIELDS).sort());
    expect(schema.required.sort()).toEqual(
      Object.values(LOG_FIELDS)
        .filter((f) => f !== LOG_FIELDS.tenantId)
        .sort(),
    );
    expect(schema.properties.level.enum).toEqual([...LOG_LEVELS]);
  });

  it.each([
    ['a request line with a tenant', line({})],
    ['a line outside any tenant (tenant_id only when it applies)', line({}, ['tenant_id'])],
    ['an error line with extra fields', line({ level: 'error', route: '/v1/tenants', duration_ms: 12 })],
    ['a worker line', line({ service_name: 'worker', level: 'debug' })],
  ])('accepts %s', (_title, text) => {
    expect(lineProblems(text)).toEqual([]);
  });

  it.each([
    ['plain text', 'INFO tenant created', '(line) is not JSON'],
    ['a JSON array', '[1, 2]', '(root) must be object'],
    ['no service_name', line({}, ['service_name']), "(root) must have required property 'service_name'"],
    ['no trace_id', line({}, ['trace_id']), "(root) must have required property 'trace_id'"],
    ['no timestamp', line({}, ['timestamp']), "(root) must have required property 'timestamp'"],
    ['an unknown level', line({ level: 'WARNING' }), '/level must be equal to one of the allowed values'],
    ['a local-time timestamp', line({ timestamp: '2025-01-31T13:00:00+01:00' }), '/timestamp must match pattern "Z$"'],
    ['a date that is not one', line({ timestamp: '31/01/2025 12:00' }), '/timestamp must match format "date-time"'],
    ['an upper-case trace id', line({ trace_id: TRACE.toUpperCase() }), '/trace_id must match pattern'],
    ['an all-zero trace id', line({ trace_id: '0'.repeat(32) }), '/trace_id must match pattern'],
    ['an empty tenant_id', line({ tenant_id: '' }), '/tenant_id must NOT have fewer than 1 characters'],
    ['a numeric tenant_id', line({ tenant_id: 42 }), '/tenant_id must be string'],
  ])('rejects %s', (_title, text, problem) => {
    expect(lineProblems(text).join('\n')).toContain(problem);
  });
});

describe('jsonLoggingEnv', () => {
  it.each(ENVIRONMENTS)('makes %s containers log JSON to stdout at the environment level', (environment) => {
    const env = Object.fromEntries(jsonLoggingEnv(platform, environment, 'worker').map((v) => [v.name, v.value]));
    expect(env).toEqual({
      LOG_FORMAT: 'json',
      LOG_LEVEL: platform.environments[environment].logLevel,
      LOG_OUTPUT: 'stdout',
      SERVICE_NAME: 'worker',
    });
    // The level the app is told to use is one the contract allows.
    expect(LOG_LEVELS).toContain(env.LOG_LEVEL);
  });

  it('refuses a service the platform does not declare', () => {
    expect(() => jsonLoggingEnv(platform, 'qa', 'billing')).toThrow('"billing" is not a service declared in services');
  });
});

/** A Loki label value: a static string, or a record accessor (`$a`, `$a['b']`) evaluated against the record. */
function access(record: Record<string, any>, accessor: string): unknown {
  if (!accessor.startsWith('$')) return accessor;
  const match = /^\$([a-z_]+)((?:\['[a-z_]+'\])*)$/.exec(accessor);
  if (!match) throw new Error(`not a record accessor: ${accessor}`);
  const keys = [match[1], ...[...match[2].matchAll(/\['([a-z_]+)'\]/g)].map((m) => m[1])];
  return keys.reduce<any>((value, key) => value?.[key], record);
}

/** Fluent Bit's router: a `match` pattern, `*` matching any run of characters, against a record's tag (src/flb_router.c). */
const routes = (pattern: string, tag: string) =>
  new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`).test(tag);
/** A shell glob of a single `*`, as in_tail expands `path`. */
const globMatches = (glob: string, file: string) => routes(glob, file);
/**
 * The tag in_tail gives a file's lines: the `*` of the input's tag replaced by the file's path with `/` as `.`
 * (plugins/in_tail/tail_file.c, tag_compose); an input without a tag tags its records with its instance name.
 */
const tailTag = (input: { name: string; tag?: string }, file: string) =>
  input.tag ? input.tag.replace('*', file.slice(1).replaceAll('/', '.')) : `${input.name}.0`;
/** filter_kubernetes' default tag regex (plugins/filter_kubernetes/kube_regex.h, KUBE_TAG_TO_REGEX). */
const KUBE_TAG_REGEX =
  /^(?<pod_name>[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)_(?<namespace_name>[^_]+)_(?<container_name>.+)-(?<docker_id>[a-z0-9]{64})\.log$/;
/** A Fluent Bit size: bytes, or a number with K, M or G, any case, B optional (src/flb_utils.c, flb_utils_size_to_bytes). */
const FLUENT_BIT_SIZE = /^[1-9][0-9]*([KMG]B?)?$/i;
const bytes = (size: string) => {
  const [, n, unit] = /^([0-9]+)([KMG]?)B?$/i.exec(size) ?? [];
  return Number(n) * 1024 ** ['', 'K', 'M', 'G'].indexOf(unit.toUpperCase());
};
const escapeRegExp = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

describe('Fluent Bit log shipping', () => {
  // Built in beforeEach, not at module load, so a mutation run sees which test reaches which line (docs/testing.md).
  let manifests: Manifest[];
  let configMap: Manifest;
  let config: any;
  let loki: any;
  let labels: Record<string, string>;
  beforeEach(() => {
    manifests = synth((scope, p, environment) => new LogShipping(scope, 'logs', { platform: p, environment }), 'qa');
    configMap = only(manifests, 'ConfigMap');
    config = parse(configMap.data![FLUENT_BIT_CONFIG_KEY]);
    loki = config.pipeline.outputs.find((o: any) => o.name === 'loki');
    labels = Object.fromEntries(
      String(loki.labels)
        .split(',')
        .map((pair) => pair.trim().split('=')),
    );
  });

  it('is a valid ConfigMap in the logging namespace', () => {
    expectValidManifests(manifests);
    expect(configMap.metadata).toMatchObject({
      name: fluentBitConfigMapName(platform),
      namespace: platform.monitoring.logging.namespace,
    });
  });

  it('tails container logs and parses the JSON line into the record', () => {
    expect(config.pipeline.inputs[0]).toMatchObject({ name: 'tail', path: '/var/log/containers/*.log' });
    const kubernetes = config.pipeline.filters.find((f: any) => f.name === 'kubernetes');
    expect(kubernetes).toMatchObject({ merge_log: 'on', keep_log: 'off' });
  });

  it('ships to the configured Loki, over TLS when the platform file says so', () => {
    const { host, port } = platform.monitoring.logging.loki;
    expect(loki).toMatchObject({ host, port, tls: 'off', line_format: 'json' });
    const withTls = loadPlatform(
      platformWith((c) => setIn(c, 'monitoring.logging.loki', { host: 'loki.example.internal', port: 443, tls: true })),
    );
    const shipped = parse(fluentBitYaml(withTls)).pipeline.outputs.find((o: any) => o.name === 'loki');
    expect(shipped.tls).toBe('on');
  });

  it('routes every container log line through the kubernetes filter to Loki, with its pod found', () => {
    const file = `/var/log/containers/your-app-api-7d9f_your-app-qa_app-${'a'.repeat(64)}.log`;
    const [input] = config.pipeline.inputs;
    expect(globMatches(input.path, file)).toBe(true);
    const tag = tailTag(input, file);
    const kubernetes = config.pipeline.filters.find((f: any) => f.name === 'kubernetes');
    expect({ filter: routes(kubernetes.match, tag), loki: routes(loki.match, tag) }).toEqual({
      filter: true,
      loki: true,
    });
    // filter_kubernetes reads the pod from the tag after Kube_Tag_Prefix (default kube.var.log.containers.,
    // plugins/filter_kubernetes/kube_conf.h): without it a line reaches Loki with no namespace label.
    const prefix = kubernetes.kube_tag_prefix ?? 'kube.var.log.containers.';
    expect(tag.startsWith(prefix)).toBe(true);
    expect(KUBE_TAG_REGEX.exec(tag.slice(prefix.length))?.groups).toMatchObject({
      pod_name: 'your-app-api-7d9f',
      namespace_name: 'your-app-qa',
      container_name: 'app',
    });
  });

  it('loses nothing while Loki is down: chunks on the node disk, retried without limit, bounded in size', () => {
    const [input] = config.pipeline.inputs;
    // A filesystem input buffers in the service's storage.path (lib/chunkio via src/flb_storage.c); without the path
    // Fluent Bit keeps chunks in memory only. The directory is the add-on's hostPath: it outlives the pod.
    expect(input['storage.type']).toBe('filesystem');
    expect(config.service['storage.path'].startsWith(`${FLUENT_BIT_STATE_DIR}/`)).toBe(true);
    expect(input.db.startsWith(`${FLUENT_BIT_STATE_DIR}/`)).toBe(true);
    expect(['normal', 'full']).toContain(config.service['storage.sync']);
    // `no_limits` (or `false`) retries a chunk until Loki takes it (docs: administration/scheduling-and-retries).
    expect(loki.retry_limit).toBe('no_limits');
    for (const size of [config.service['storage.backlog.mem_limit'], loki['storage.total_limit_size']]) {
      expect(size).toMatch(FLUENT_BIT_SIZE);
    }
  });

  it('reads containerd lines whole, and skips a line longer than its buffer instead of stopping the file', () => {
    const [input] = config.pipeline.inputs;
    // EKS runs containerd, which writes CRI lines and splits long ones; the cri multiline parser joins them.
    expect(input['multiline.parser']).toBe('cri');
    expect(input.skip_long_lines).toBe('on');
    expect(input.buffer_chunk_size).toMatch(FLUENT_BIT_SIZE);
    expect(input.buffer_max_size).toMatch(FLUENT_BIT_SIZE);
    expect(bytes(input.buffer_chunk_size)).toBeLessThanOrEqual(bytes(input.buffer_max_size));
    // containerd's partial lines are 16 KiB: the buffer must hold one.
    expect(bytes(input.buffer_max_size)).toBeGreaterThanOrEqual(16 * 1024);
  });

  it("serves the health endpoint the chart's probes call, on every interface, and logs at info", () => {
    // The fluent-bit chart probes GET /api/v1/health on the http port from the kubelet (the pod IP, not localhost);
    // /api/v1/health answers only with health_check on (src/http_server/api/v1/health.c).
    expect(config.service).toMatchObject({
      http_server: 'on',
      http_listen: '0.0.0.0',
      http_port: FLUENT_BIT_HTTP_PORT,
      health_check: 'on',
      log_level: 'info',
    });
  });

  it('keeps pod labels and annotations out of the shipped line: the record holds the contract fields', () => {
    const kubernetes = config.pipeline.filters.find((f: any) => f.name === 'kubernetes');
    expect(kubernetes).toMatchObject({ labels: 'off', annotations: 'off' });
  });

  it('labels a contract line with namespace, service_name and level, and nothing per tenant or request', () => {
    // The record Fluent Bit holds after the kubernetes filter merged a valid line.
    const record = { ...valid, kubernetes: { namespace_name: 'your-app-qa', pod_name: 'your-app-api-1' } };
    const streamLabels = Object.fromEntries(Object.entries(labels).map(([name, a]) => [name, access(record, a)]));
    expect(streamLabels).toEqual({ job: 'fluent-bit', namespace: 'your-app-qa', service_name: 'api', level: 'info' });
    for (const field of nonEmpty(LOG_HIGH_CARDINALITY_FIELDS)) {
      expect(String(loki.labels)).not.toContain(field);
      expect(Object.keys(loki)).not.toContain('label_keys');
    }
  });
});

describe('the trace_id link of the Loki data source', () => {
  let field: ReturnType<typeof traceIdDerivedField>;
  beforeEach(() => {
    field = traceIdDerivedField(platform.monitoring.grafana.lokiDatasourceUid);
  });
  /** A line as Fluent Bit ships it (`line_format json`, compact): the record merged with Kubernetes metadata. */
  const shipped = (record: Record<string, unknown>) =>
    JSON.stringify({ ...record, kubernetes: { namespace_name: 'your-app-production', pod_name: 'your-app-api-1' } });

  it('captures the trace_id of a contract line, wherever the field sits', () => {
    const matcher = new RegExp(field.matcherRegex);
    expect(lineProblems(line({}))).toEqual([]);
    expect(matcher.exec(shipped(valid))?.[1]).toBe(TRACE);
    const traceFirst = Object.fromEntries([
      ['trace_id', TRACE],
      ...Object.entries({ ...valid, message: 'say "hi"' }).filter(([key]) => key !== 'trace_id'),
    ]);
    expect(matcher.exec(shipped(traceFirst))?.[1]).toBe(TRACE);
    expect(matcher.exec(shipped({ ...valid, trace_id: undefined }))).toBeNull();
  });

  it('links to every line of the trace in the same Loki, by the parsed field', () => {
    expect(field.datasourceUid).toBe(platform.monitoring.grafana.lokiDatasourceUid);
    expect(field.url).toBe(`{job="fluent-bit"} |= "\${__value.raw}" | json | trace_id="\${__value.raw}"`);
    expect(lokiLabels().job).toBe('fluent-bit');
    // Grafana shows the label on the link instead of the raw LogQL (derived fields' urlDisplayLabel).
    expect(field.urlDisplayLabel).toMatch(/trace/i);
  });

  it('escapes $ for a provisioning file, where Grafana expands $NAME from its environment', () => {
    expect(forProvisioning(field).url).toBe(
      `{job="fluent-bit"} |= "$\${__value.raw}" | json | trace_id="$\${__value.raw}"`,
    );
    expect(forProvisioning(field).matcherRegex).toBe(field.matcherRegex);
  });
});
