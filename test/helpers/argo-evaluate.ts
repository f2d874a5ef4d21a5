/**
 * How Argo Rollouts v1.9.1 judges one Prometheus measurement, for the analysis tests:
 *
 * - metricproviders/prometheus/prometheus.go processResponse: a vector (or matrix) becomes `[]float64` of its
 *   sample values, empty when there are no series; "NaN" and "+Inf" stay NaN and +Inf.
 * - utils/evaluate/evaluate.go EvaluateResult: evaluate `successCondition` and `failureCondition` with expr
 *   (github.com/antonmedv/expr v1.15.5); an evaluation error is the phase Error; with both conditions failure wins
 *   and neither true is Inconclusive; with one, the other is its negation; with none, Successful.
 *
 * The conditions are evaluated by a small interpreter of the part of expr's language the templates use, with
 * expr's semantics for it: `||`/`or` and `&&`/`and` short-circuit (compiler/compiler.go OpJumpIfTrue/OpJumpIfFalse),
 * unary `!`/`not` binds tighter than comparisons (parser/operator Unary precedence 50, comparisons 20), indexing an
 * array out of range is a runtime error (vm/runtime Fetch: reflect.Value.Index panics, vm.Run recovers it into an
 * error), float comparisons with NaN are false (Go), and `len`, `isNaN`, `isInf` are the functions
 * EvalCondition puts in the environment. Anything else (arithmetic, strings, other functions) is rejected, so a
 * template that starts using more of the language fails here instead of being misjudged.
 */

export type AnalysisPhase = 'Successful' | 'Failed' | 'Inconclusive' | 'Error';

type Value = number | boolean | readonly number[];

class EvaluationError extends Error {}

const TOKEN =
  /\s*(\|\||&&|==|!=|<=|>=|<|>|!|\(|\)|\[|\]|,|[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|[A-Za-z_][A-Za-z0-9_]*)/y;

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (!match) {
      if (/^\s*$/.test(source.slice(start))) break;
      throw new Error(`unsupported syntax at "${source.slice(start)}" in: ${source}`);
    }
    tokens.push(match[1]);
  }
  return tokens;
}

type Node =
  | { kind: 'number'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'result' }
  | { kind: 'call'; name: 'len' | 'isNaN' | 'isInf'; arg: Node }
  | { kind: 'index'; target: Node; index: Node }
  | { kind: 'not'; operand: Node }
  | { kind: 'logic'; op: '&&' | '||'; left: Node; right: Node }
  | { kind: 'compare'; op: string; left: Node; right: Node };

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

/** Parses a condition; throws on anything outside the supported part of expr. */
export function parseCondition(source: string): Node {
  const tokens = tokenize(source);
  let at = 0;
  const peek = () => tokens[at];
  const take = (expected?: string) => {
    const token = tokens[at++];
    if (token === undefined || (expected !== undefined && token !== expected)) {
      throw new Error(`expected ${expected ?? 'a token'} at token ${at} in: ${source}`);
    }
    return token;
  };
  const logic = (op: '||' | '&&', words: string[], next: () => Node) => (): Node => {
    let left = next();
    while (words.includes(peek())) {
      take();
      left = { kind: 'logic', op, left, right: next() };
    }
    return left;
  };
  const primary = (): Node => {
    const token = take();
    if (token === '(') {
      const inner = or();
      take(')');
      return inner;
    }
    if (/^[0-9]/.test(token)) return { kind: 'number', value: Number(token) };
    if (token === 'true' || token === 'false') return { kind: 'bool', value: token === 'true' };
    if (token === 'result') return { kind: 'result' };
    if (token === 'len' || token === 'isNaN' || token === 'isInf') {
      take('(');
      const arg = or();
      take(')');
      return { kind: 'call', name: token, arg };
    }
    throw new Error(`unsupported name "${token}" in: ${source}`);
  };
  const postfix = (): Node => {
    let node = primary();
    while (peek() === '[') {
      take('[');
      const index = or();
      take(']');
      node = { kind: 'index', target: node, index };
    }
    return node;
  };
  const unary = (): Node => {
    if (peek() === '!' || peek() === 'not') {
      take();
      return { kind: 'not', operand: unary() };
    }
    return postfix();
  };
  const comparison = (): Node => {
    const left = unary();
    if (COMPARISONS.has(peek())) {
      const op = take();
      return { kind: 'compare', op, left, right: unary() };
    }
    return left;
  };
  const and = logic('&&', ['&&', 'and'], comparison);
  const or = logic('||', ['||', 'or'], and);
  const tree = or();
  if (at !== tokens.length) throw new Error(`unexpected "${peek()}" in: ${source}`);
  return tree;
}

function evaluate(node: Node, result: readonly number[]): Value {
  const number = (n: Node): number => {
    const v = evaluate(n, result);
    if (typeof v !== 'number') throw new EvaluationError(`expected a number, got ${JSON.stringify(v)}`);
    return v;
  };
  const bool = (n: Node): boolean => {
    const v = evaluate(n, result);
    if (typeof v !== 'boolean') throw new EvaluationError(`expected a bool, got ${JSON.stringify(v)}`);
    return v;
  };
  switch (node.kind) {
    case 'number':
    case 'bool':
      return node.value;
    case 'result':
      return result;
    case 'call': {
      if (node.name === 'len') {
        const v = evaluate(node.arg, result);
        if (!Array.isArray(v)) throw new EvaluationError('len of a non-array');
        return v.length;
      }
      const x = number(node.arg);
      return node.name === 'isNaN' ? Number.isNaN(x) : x === Infinity || x === -Infinity;
    }
    case 'index': {
      const target = evaluate(node.target, result);
      if (!Array.isArray(target)) throw new EvaluationError('index of a non-array');
      const i = number(node.index);
      const position = i < 0 ? target.length + i : i;
      if (!Number.isInteger(position) || position < 0 || position >= target.length) {
        throw new EvaluationError(`reflect: slice index out of range (${i} of ${target.length})`);
      }
      return target[position];
    }
    case 'not':
      return !bool(node.operand);
    case 'logic':
      return node.op === '&&' ? bool(node.left) && bool(node.right) : bool(node.left) || bool(node.right);
    case 'compare': {
      const [a, b] = [number(node.left), number(node.right)];
      switch (node.op) {
        case '==':
          return a === b;
        case '!=':
          return a !== b;
        case '<':
          return a < b;
        case '<=':
          return a <= b;
        case '>':
          return a > b;
        default:
          return a >= b;
      }
    }
  }
}

/** EvalCondition: the condition's boolean, or an EvaluationError for what expr fails on at run time. */
export function evalCondition(condition: string, result: readonly number[]): boolean {
  const value = evaluate(parseCondition(condition), result);
  if (typeof value !== 'boolean') throw new EvaluationError(`expected bool, but got ${typeof value}`);
  return value;
}

export interface MetricConditions {
  readonly successCondition?: string;
  readonly failureCondition?: string;
}

/** EvaluateResult of utils/evaluate/evaluate.go for a vector measurement. */
export function evaluateResult(metric: MetricConditions, result: readonly number[]): AnalysisPhase {
  let success = false;
  let failure = false;
  try {
    if (metric.successCondition) success = evalCondition(metric.successCondition, result);
    if (metric.failureCondition) failure = evalCondition(metric.failureCondition, result);
  } catch (error) {
    if (error instanceof EvaluationError) return 'Error';
    throw error;
  }
  if (!metric.successCondition && !metric.failureCondition) return 'Successful';
  if (metric.successCondition && !metric.failureCondition) failure = !success;
  if (!metric.successCondition && metric.failureCondition) success = !failure;
  if (failure) return 'Failed';
  return success ? 'Successful' : 'Inconclusive';
}

/** processResponse: the sample values of a Prometheus instant-query vector, as Argo hands them to expr. */
export function vectorValues(response: { resultType: string; result: { value: [number, string] }[] }): number[] {
  if (response.resultType !== 'vector') throw new Error(`expected a vector, got ${response.resultType}`);
  const SPECIAL: Record<string, number> = { '+Inf': Infinity, '-Inf': -Infinity, NaN: NaN };
  return response.result.map(({ value: [, text] }) => (text in SPECIAL ? SPECIAL[text] : Number(text)));
}
