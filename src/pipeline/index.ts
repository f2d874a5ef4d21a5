/**
 * The delivery pipeline as code: the GitHub Actions workflows and the Mermaid diagrams, generated from the platform
 * file by `npm run synth` into .github/workflows/ and docs/diagrams/.
 */
import type { Platform } from '../config';
import type { PipelineContext } from './context';
import { renderDiagrams } from './diagrams';
import { DIAGRAMS_DIR, WORKFLOWS_DIR } from './paths';
import { renderWorkflow } from './render';
import type { Workflow } from './workflow';
import { imageWorkflow } from './workflows/image';
import { infrastructureWorkflow } from './workflows/infrastructure';
import { promotionWorkflow } from './workflows/promotion';
import { pullRequestWorkflow } from './workflows/pull-request';
import { restoreDrillWorkflow } from './workflows/restore-drill';

export { DIAGRAMS_DIR, WORKFLOWS_DIR };
export type { PipelineContext };

/** Every workflow of the platform, in the order the README walks through them. */
export function pipelineWorkflows(ctx: PipelineContext): Workflow[] {
  return [
    pullRequestWorkflow(ctx),
    imageWorkflow(ctx),
    promotionWorkflow(ctx),
    infrastructureWorkflow(ctx),
    restoreDrillWorkflow(ctx),
  ];
}

/** The generated files by path relative to the repository root. */
export function renderPipeline(platform: Platform, platformFile: string): Map<string, string> {
  const ctx: PipelineContext = { platform, platformFile };
  const files = new Map<string, string>();
  for (const workflow of pipelineWorkflows(ctx)) {
    files.set(`${WORKFLOWS_DIR}/${workflow.file}`, renderWorkflow(workflow, platformFile));
  }
  for (const [file, content] of renderDiagrams(ctx)) files.set(`${DIAGRAMS_DIR}/${file}`, content);
  return files;
}
