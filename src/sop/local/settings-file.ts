/**
 * The server settings this engine owns, in one file of the data directory that postgresql.conf includes last, so
 * they override it (PostgreSQL 15 docs, 20.1.5 "Managing Configuration File Contents": include_if_exists, later
 * settings win). Rewritten whole each time: a restored or standby data directory inherits its source's file, and
 * must not keep the source's port or archive_command (a restored drill server archiving into the source's
 * archive would mix its new timeline into it).
 */
import { appendFileSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { writeServerFile } from './server-user';

export type SettingValue = string | number | boolean;
export type Settings = Readonly<Record<string, SettingValue>>;

export const SETTINGS_FILE = 'sop.conf';

/** A postgresql.conf line: strings single-quoted with quotes doubled (20.1.2 "Parameter Interaction via the Configuration File"). */
export function settingLine(name: string, value: SettingValue): string {
  if (!/^[a-z_][a-z0-9_.]*$/.test(name)) throw new Error(`setting name "${name}": must be a PostgreSQL parameter name`);
  const rendered =
    typeof value === 'string'
      ? `'${value.replace(/'/g, "''")}'`
      : typeof value === 'boolean'
        ? value
          ? 'on'
          : 'off'
        : `${value}`;
  return `${name} = ${rendered}`;
}

/** Makes postgresql.conf include the settings file; idempotent. */
export function includeSettingsFile(dataDir: string): void {
  const conf = path.join(dataDir, 'postgresql.conf');
  const line = `include_if_exists = '${SETTINGS_FILE}'`;
  if (!readFileSync(conf, 'utf8').includes(line)) appendFileSync(conf, `\n${line}\n`);
}

export function writeSettingsFile(dataDir: string, settings: Settings): void {
  const lines = Object.entries(settings).map(([name, value]) => settingLine(name, value));
  writeServerFile(
    path.join(dataDir, SETTINGS_FILE),
    `# Written by src/sop/local; rewritten whole on each change.\n${lines.join('\n')}\n`,
  );
}
