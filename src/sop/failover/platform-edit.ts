/**
 * The repo-local changes of SOP-02 (`dbIsolation`, `database.host`, `database.promotedReplica`), made in the platform
 * file itself. The `yaml` Document API finds the nodes (with their source ranges); the change is spliced into the
 * text there, so everything else (comments, anchors, flow lists, quoting, blank lines) stays byte for byte and the
 * file stays as its formatter left it. The result is parsed again, checked to hold the values asked for, and
 * validated as a platform before anything is written.
 */
import { isMap, isPair, isScalar, parseDocument, type Document, type Pair, type YAMLMap } from 'yaml';
import { loadPlatform, parsePlatformText, type Platform } from '../../config';

/** One change: a value at a path, or `undefined` to remove the key (the field then takes its default). */
export interface PlatformEdit {
  readonly path: readonly string[];
  readonly value: string | number | boolean | undefined;
}

export interface EditedPlatform {
  readonly text: string;
  readonly platform: Platform;
  /** `path: before -> after` per change that changes the file. */
  readonly changes: readonly string[];
}

const show = (value: unknown) => (value === undefined ? '(not set)' : JSON.stringify(value));

/** A scalar as YAML text: plain where YAML reads it back as the same string, else double-quoted. */
function scalarText(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  const plain = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(value) && parseDocument(value).toJS() === value;
  return plain ? value : JSON.stringify(value);
}

const lineStart = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
/** The offset just after the line that holds `offset - 1` (the node ending at `offset`). */
const afterLine = (text: string, end: number) => {
  if (text[end - 1] === '\n') return end;
  const newline = text.indexOf('\n', end);
  return newline < 0 ? text.length : newline + 1;
};

function blockMap(document: Document, path: readonly string[]): YAMLMap | undefined {
  const node = path.length === 0 ? document.contents : document.getIn(path, true);
  if (!isMap(node)) return undefined;
  if (node.flow) throw new Error(`${path.join('.')}: is a flow map ({ ... }); write it as a block map to edit it here`);
  return node;
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key) as Pair | undefined;
}

/** The text with one edit spliced in. */
function splice(text: string, edit: PlatformEdit): string {
  const document = parseDocument(text);
  const { path, value } = edit;
  // The deepest map on the path that exists.
  let depth = path.length - 1;
  while (depth > 0 && !blockMap(document, path.slice(0, depth))) depth--;
  const map = blockMap(document, path.slice(0, depth)) as YAMLMap;
  const pair = depth === path.length - 1 ? pairOf(map, path[depth]) : undefined;

  if (value === undefined) {
    if (!pair) return text;
    if (map.items.length === 1 && depth > 0) return splice(text, { path: path.slice(0, depth), value: undefined });
    const [start] = (pair.key as { range: [number, number, number] }).range;
    const [, end] = (pair.value as { range: [number, number, number] }).range;
    return text.slice(0, lineStart(text, start)) + text.slice(afterLine(text, end));
  }
  if (pair && isScalar(pair.value)) {
    const [start, end] = pair.value.range as [number, number, number];
    return text.slice(0, start) + scalarText(value) + text.slice(end);
  }
  if (pair) throw new Error(`${path.join('.')}: holds a ${isMap(pair.value) ? 'map' : 'list'}, not a value`);
  // A new key (and the maps on the way) after the map's last entry, at its keys' indentation.
  const first = map.items[0] as Pair;
  const last = map.items[map.items.length - 1] as Pair;
  const keyStart = (first.key as { range: [number, number, number] }).range[0];
  const indent = ' '.repeat(keyStart - lineStart(text, keyStart));
  const lines = path.slice(depth).map((key, i, keys) => {
    const pad = indent + '  '.repeat(i);
    return i === keys.length - 1 ? `${pad}${key}: ${scalarText(value)}` : `${pad}${key}:`;
  });
  const at = afterLine(text, (last.value as { range: [number, number, number] }).range[1]);
  return `${text.slice(0, at)}${lines.join('\n')}\n${text.slice(at)}`;
}

/** Applies the edits to the file's text; throws (ConfigError) when the result is not a valid platform. */
export function editPlatformText(
  text: string,
  origin: string,
  edits: readonly PlatformEdit[],
  options: { readonly imageTag?: string } = {},
): EditedPlatform {
  const document = parseDocument(text);
  if (document.errors.length > 0) throw new Error(`${origin}: ${document.errors[0].message}`);
  const changes: string[] = [];
  let edited = text;
  for (const edit of edits) {
    const before = parseDocument(edited).getIn(edit.path, false) as unknown;
    if (before === edit.value) continue;
    edited = splice(edited, edit);
    const after = parseDocument(edited).getIn(edit.path, false) as unknown;
    if (after !== edit.value)
      throw new Error(`${origin}: ${edit.path.join('.')}: could not be set to ${show(edit.value)}`);
    changes.push(`${edit.path.join('.')}: ${show(before)} -> ${show(edit.value)}`);
  }
  const { document: parsed, sourceText } = parsePlatformText(edited, origin);
  return { text: edited, platform: loadPlatform(parsed, { sourceText, imageTag: options.imageTag }), changes };
}
