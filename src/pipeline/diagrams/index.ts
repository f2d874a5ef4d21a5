/** The Mermaid diagrams of docs/diagrams/, generated from the platform file. */
import type { PipelineContext } from '../context';
import { disasterRecoveryDiagram } from './disaster-recovery';
import { environmentsDiagram } from './environments';
import { pipelineDiagram } from './pipeline';

/** File name (under docs/diagrams/) to Markdown. */
export function renderDiagrams(ctx: PipelineContext): Map<string, string> {
  return new Map([
    ['pipeline.md', pipelineDiagram(ctx)],
    ['environments.md', environmentsDiagram(ctx)],
    ['disaster-recovery.md', disasterRecoveryDiagram(ctx)],
  ]);
}
