/**
 * The flags of `npm run sop`, parsed strictly as cli/args.ts parses synth's: a wrong or missing flag is a usage
 * error (exit 2), never ignored.
 */
import { FAILOVER_PHASES, type FailoverPhase } from '../src/sop/failover/record';
import { UsageError } from './args';

export const SOP_USAGE = [
  'usage: npm run sop -- drill --env <env> [--source aws|local] [--config platform.yaml] [--out sop-reports]',
  '                           [--backup <dir> --wal-archive <dir> --source-record <file>]   (--source local)',
  '       npm run sop -- record --env <env> --database-url <postgres url> [--config platform.yaml] [--out sop-reports]',
  `       npm run sop -- failover --env <env> --phase ${FAILOVER_PHASES.join('|')}`,
  '                           [--apply] [--force] [--config platform.yaml] [--out sop-reports] [--prometheus-url <url>]',
].join('\n');

/** Where reports and failover records go unless --out says otherwise. */
export const DEFAULT_OUT = 'sop-reports';

interface Common {
  readonly environment: string;
  readonly configFile?: string;
  readonly outDir: string;
}

export type SopCommand =
  | (Common & { readonly command: 'drill'; readonly source: 'aws' })
  | (Common & {
      readonly command: 'drill';
      readonly source: 'local';
      readonly backupDir: string;
      readonly walArchiveDir: string;
      readonly sourceRecordFile: string;
    })
  | (Common & { readonly command: 'record'; readonly databaseUrl: string })
  | (Common & {
      readonly command: 'failover';
      readonly phase: FailoverPhase;
      readonly apply: boolean;
      readonly force: boolean;
      readonly prometheusUrl?: string;
    });

const VALUE_FLAGS: Record<string, readonly string[]> = {
  drill: ['--env', '--source', '--config', '--out', '--backup', '--wal-archive', '--source-record'],
  record: ['--env', '--database-url', '--config', '--out'],
  failover: ['--env', '--phase', '--config', '--out', '--prometheus-url'],
};
const SWITCHES: Record<string, readonly string[]> = { drill: [], record: [], failover: ['--apply', '--force'] };

export function parseSopArgs(argv: readonly string[]): SopCommand {
  const [command, ...rest] = argv;
  if (!command || !(command in VALUE_FLAGS)) {
    throw new UsageError(`unknown command "${command ?? ''}" (must be drill, record or failover)\n${SOP_USAGE}`);
  }
  const values = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const [flag, inline] = rest[i].split(/=(.*)/s, 2);
    if (SWITCHES[command].includes(flag)) {
      if (inline !== undefined) throw new UsageError(`${flag}: takes no value\n${SOP_USAGE}`);
      switches.add(flag);
      continue;
    }
    if (!VALUE_FLAGS[command].includes(flag)) throw new UsageError(`${command}: unknown option ${flag}\n${SOP_USAGE}`);
    const value = inline ?? rest[++i];
    if (value === undefined || value === '' || value.startsWith('--')) {
      throw new UsageError(`${flag}: needs a value\n${SOP_USAGE}`);
    }
    if (values.has(flag)) throw new UsageError(`${flag}: given twice\n${SOP_USAGE}`);
    values.set(flag, value);
  }
  const required = (flag: string, why = '') => {
    const value = values.get(flag);
    if (value === undefined) throw new UsageError(`${command}: ${flag} is required${why}\n${SOP_USAGE}`);
    return value;
  };
  const common: Common = {
    environment: required('--env'),
    configFile: values.get('--config'),
    outDir: values.get('--out') ?? DEFAULT_OUT,
  };
  if (command === 'record') return { ...common, command, databaseUrl: required('--database-url') };
  if (command === 'failover') {
    const phase = required('--phase');
    if (!(FAILOVER_PHASES as readonly string[]).includes(phase)) {
      throw new UsageError(`--phase: must be one of ${FAILOVER_PHASES.join(', ')}, not "${phase}"\n${SOP_USAGE}`);
    }
    return {
      ...common,
      command,
      phase: phase as FailoverPhase,
      apply: switches.has('--apply'),
      force: switches.has('--force'),
      prometheusUrl: values.get('--prometheus-url'),
    };
  }
  const source = values.get('--source') ?? 'aws';
  const localFlags = ['--backup', '--wal-archive', '--source-record'];
  if (source === 'aws') {
    const stray = localFlags.find((flag) => values.has(flag));
    if (stray) throw new UsageError(`${stray}: only with --source local\n${SOP_USAGE}`);
    return { ...common, command: 'drill', source };
  }
  if (source !== 'local') throw new UsageError(`--source: must be aws or local, not "${source}"\n${SOP_USAGE}`);
  const why = ' with --source local';
  return {
    ...common,
    command: 'drill',
    source,
    backupDir: required('--backup', why),
    walArchiveDir: required('--wal-archive', why),
    sourceRecordFile: required('--source-record', why),
  };
}
