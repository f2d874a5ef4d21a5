/**
 * The operating-system user the PostgreSQL processes run as. The server refuses to start as root ("root
 * execution of the PostgreSQL server is not permitted"), and so do initdb and pg_ctl. So when this process is
 * root (CI, the dev container) every PostgreSQL program is spawned as Debian's `postgres` system user, which
 * the postgresql-15 package creates, and the directories they use are handed to it; otherwise they run as the
 * current user.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, writeFileSync } from 'node:fs';

export interface ServerUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

/** Debian's postgresql-common creates this user. */
export const SERVER_USER_WHEN_ROOT = 'postgres';

/** The user to switch to, or undefined when this process is not root and runs PostgreSQL itself. */
export function serverUser(): ServerUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const entry = spawnSync('getent', ['passwd', SERVER_USER_WHEN_ROOT], { encoding: 'utf8' });
  const fields = entry.status === 0 ? entry.stdout.trim().split(':') : [];
  if (fields.length < 4) {
    throw new Error(
      `running as root, PostgreSQL must run as the "${SERVER_USER_WHEN_ROOT}" user, which does not exist: ` +
        "install Debian's postgresql-15 (it creates the user) or run as an unprivileged user",
    );
  }
  return { name: fields[0], uid: Number(fields[2]), gid: Number(fields[3]) };
}

/** Creates a directory (and its parents) that the server user owns, mode 0700. */
export function makeServerDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const user = serverUser();
  if (user) chownSync(dir, user.uid, user.gid);
}

/** Writes a file into a server directory, owned by the server user like everything PostgreSQL writes there. */
export function writeServerFile(file: string, content: string): void {
  writeFileSync(file, content, { mode: 0o600 });
  const user = serverUser();
  if (user) chownSync(file, user.uid, user.gid);
}
