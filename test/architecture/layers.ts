/**
 * Layer check: every relative import between top-level folders of src/ must point to the same layer or a
 * lower one (DESIGN.md, "Architecture rules"). Type-only imports (`import type`, `export type`, or every
 * named binding marked `type`) are erased by tsc and allowed. Parses with the TypeScript compiler API, so
 * multi-line imports, `export … from`, `import x = require()`, `require()` and `import()` are all seen.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** Layers, low to high (DESIGN.md). A folder of src/ missing here is reported, so new folders get a place. */
export const LAYERS: ReadonlyArray<readonly string[]> = [
  ['util'],
  ['config', 'data'],
  ['evaluation', 'features'],
  ['labels', 'windows', 'models'],
  ['training', 'tracking', 'execution', 'universe'],
  ['viz'],
  ['tuning', 'live'],
  ['report', 'server'],
  ['cli'],
];

/** One import that breaks the layer order. */
export interface LayerViolation {
  /** Importing file, relative to the src root (posix separators). */
  file: string;
  /** 1-based line of the import. */
  line: number;
  /** Module specifier as written. */
  specifier: string;
  /** Human-readable reason. */
  reason: string;
}

const layerOf = new Map<string, number>(LAYERS.flatMap((names, i) => names.map((n) => [n, i] as [string, number])));

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path.join(dir, e.name)] : []));
}

/** Relative module specifiers of one file, with whether each is type-only. */
export function importsOf(file: string, text = fs.readFileSync(file, 'utf8')): Array<{ specifier: string; line: number; typeOnly: boolean }> {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const out: Array<{ specifier: string; line: number; typeOnly: boolean }> = [];
  const add = (lit: ts.Node, typeOnly: boolean): void => {
    if (!ts.isStringLiteralLike(lit)) return;
    out.push({ specifier: lit.text, line: sf.getLineAndCharacterOfPosition(lit.getStart(sf)).line + 1, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const c = node.importClause;
      const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : undefined;
      const typeOnly = !!c && (c.isTypeOnly || (!c.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      add(node.moduleSpecifier, node.isTypeOnly || (!!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.arguments.length >= 1) {
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isRequire || node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0], false);
    } else if (ts.isImportTypeNode(node)) {
      return; // `import('x').T` in a type position
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out.filter((i) => i.specifier.startsWith('.'));
}

/**
 * Every upward (or unplaced) relative import under a src root.
 * @param srcRoot absolute path of src/
 * @returns violations, sorted by file and line; empty when the tree respects the layers
 */
export function layerViolations(srcRoot: string): LayerViolation[] {
  const out: LayerViolation[] = [];
  for (const file of walk(srcRoot)) {
    const rel = path.relative(srcRoot, file).split(path.sep);
    if (rel.length < 2) continue; // src/index.ts: the public barrel sits above every layer
    const from = rel[0];
    const relFile = rel.join('/');
    for (const imp of importsOf(file)) {
      const target = path.relative(srcRoot, path.resolve(path.dirname(file), imp.specifier)).split(path.sep);
      const to = target[0];
      const base = { file: relFile, line: imp.line, specifier: imp.specifier };
      if (to === '..') {
        out.push({ ...base, reason: 'imports from outside src/' });
        continue;
      }
      if (imp.typeOnly) continue;
      if (target.length < 2) {
        out.push({ ...base, reason: 'imports the public barrel (src/index), which sits above every layer' });
        continue;
      }
      if (to === from) continue;
      const lf = layerOf.get(from);
      const lt = layerOf.get(to);
      if (lf === undefined || lt === undefined) {
        const missing = lf === undefined ? from : to;
        out.push({ ...base, reason: `src/${missing} has no layer: add it to LAYERS in test/architecture/layers.ts and to DESIGN.md` });
      } else if (lt > lf) {
        out.push({ ...base, reason: `${from} (layer ${lf}) imports ${to} (layer ${lt}), a higher layer; move the code down or use \`import type\`` });
      }
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/** One line per violation: `src/features/registry.ts:8: ../labels/regimes — reason`. */
export function formatViolations(v: LayerViolation[]): string {
  return v.map((x) => `src/${x.file}:${x.line}: ${x.specifier} — ${x.reason}`).join('\n');
}
