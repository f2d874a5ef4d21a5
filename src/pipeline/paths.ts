/** Where the pipeline layer writes, relative to the repository root. */
export const WORKFLOWS_DIR = '.github/workflows';
export const DIAGRAMS_DIR = 'docs/diagrams';
