// Parses workflow files with GitHub's own parser (@actions/workflow-parser, ESM only, so jest runs this script in a
// child process): prints, per file, the parse and conversion errors and each job as the parser sees it.
import { readFileSync } from 'node:fs';
import { register } from 'node:module';

// The package imports its JSON schemas without `with { type: 'json' }` (it targets bundlers); Node needs the attribute.
const hooks = `export async function load(url, context, next) {
  return next(url, url.endsWith('.json') ? { ...context, importAttributes: { type: 'json' } } : context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
const { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } = await import('@actions/workflow-parser');

const text = (token) => (token === undefined ? undefined : token.toString());

const results = [];
for (const file of process.argv.slice(2)) {
  const parsed = parseWorkflow({ name: file, content: readFileSync(file, 'utf8') }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((error) => error.message);
  const template = parsed.value ? await convertWorkflowTemplate(parsed.context, parsed.value) : undefined;
  results.push({
    file,
    errors: [...errors, ...(template?.errors ?? []).map((error) => error.Message)],
    events: Object.keys(template?.events ?? {}),
    jobs: (template?.jobs ?? []).map((job) => ({
      id: text(job.id),
      needs: (job.needs ?? []).map(text),
      if: job.if?.expression,
      environment: job.environment === undefined ? undefined : JSON.parse(JSON.stringify(job.environment)),
      steps: (job.steps ?? []).map((step) => ({ uses: text(step.uses), run: text(step.run) })),
    })),
  });
}
process.stdout.write(JSON.stringify(results));
