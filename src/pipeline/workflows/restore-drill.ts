/**
 * SOP-01, the quarterly restore drill, as a scheduled workflow: `npm run sop -- drill --source aws` for every
 * environment whose profile requires disaster recovery, with the drill role, and the JSON report and summary kept as
 * an artifact whether the drill passed or not.
 */
import { environmentNames } from '../../config';
import { REPORT_FILE, SUMMARY_FILE } from '../../sop/drill/report';
import { uses } from '../actions';
import { platformEnv, type PipelineContext } from '../context';
import { assumeRole, checkout, installDependencies } from '../steps';
import type { Job, Workflow } from '../workflow';

/** 06:00 UTC on the first day of each quarter. */
export const DRILL_SCHEDULE = '0 6 1 1,4,7,10 *';

/** The CI role purpose of the drill (its role and policy come with the SOP engine's AWS source). */
export const DRILL_ROLE_PURPOSE = 'sop-drill';

/** Longest artifact retention GitHub allows for a private repository; a quarter is 92 days. */
const REPORT_RETENTION_DAYS = 400;

/** The environments drilled: those whose profile requires a disaster-recovery region. */
export function drilledEnvironments(ctx: PipelineContext): string[] {
  const { platform } = ctx;
  return environmentNames(platform).filter(
    (name) => platform.profiles[platform.environments[name].profile].disasterRecovery === 'required',
  );
}

export function restoreDrillWorkflow(ctx: PipelineContext): Workflow {
  const jobs: Record<string, Job> = {};
  for (const environment of drilledEnvironments(ctx)) {
    const out = `reports/sop-01-${environment}`;
    jobs[`drill-${environment}`] = {
      name: `SOP-01 restore drill of ${environment}`,
      'runs-on': 'ubuntu-latest',
      permissions: { contents: 'read', 'id-token': 'write' },
      'timeout-minutes': 120,
      steps: [
        checkout(),
        ...installDependencies(),
        assumeRole(ctx.platform, environment, DRILL_ROLE_PURPOSE),
        {
          name: 'Restore the latest backup and verify it',
          run: `npm run --silent sop -- drill --env ${environment} --source aws --out ${out}`,
        },
        {
          name: 'Keep the report',
          if: 'always()',
          uses: uses('uploadArtifact'),
          with: {
            name: `sop-01-${environment}-\${{ github.run_id }}`,
            path: `${out}/${REPORT_FILE}\n${out}/${SUMMARY_FILE}`,
            'if-no-files-found': 'error',
            'retention-days': REPORT_RETENTION_DAYS,
          },
        },
      ],
    };
  }
  return {
    file: 'sop-01-restore-drill.yml',
    name: 'SOP-01 restore drill',
    on: { schedule: [{ cron: DRILL_SCHEDULE }], workflow_dispatch: {} },
    permissions: {},
    concurrency: { group: 'sop-01-restore-drill', 'cancel-in-progress': false },
    env: platformEnv(ctx),
    jobs,
  };
}
