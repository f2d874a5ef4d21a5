/** Where the PostgreSQL 15 server programs are: Debian's postgresql-15 puts them outside PATH. */
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';

/** Debian's postgresql-15 installs initdb, pg_ctl, postgres, pg_basebackup and pg_verifybackup here. */
export const POSTGRES_BIN_DIR = '/usr/lib/postgresql/15/bin';

export type PostgresProgram = 'initdb' | 'pg_ctl' | 'pg_basebackup' | 'pg_verifybackup' | 'psql';

export const POSTGRES_INSTALL_HINT =
  'install PostgreSQL 15 from Debian: as root `apt-get install postgresql-15` (`npm run setup:tools` does it)';

/** Absolute path of a PostgreSQL program; throws naming the path and how to install it. */
export function postgresProgram(name: PostgresProgram, binDir = POSTGRES_BIN_DIR): string {
  const file = path.join(binDir, name);
  try {
    accessSync(file, constants.X_OK);
  } catch {
    throw new Error(`PostgreSQL 15 is not installed: ${file} is missing; ${POSTGRES_INSTALL_HINT}`);
  }
  return file;
}
