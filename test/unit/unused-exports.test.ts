// Lint: every value (function, constant, class) that a module of src/ exports is imported by some
// other module of src/, test/ or bench/: an export nobody imports is dead code or a name that
// should be private. Types are exempt (a module's signatures may name them). Read with the
// TypeScript compiler's own parser, not regular expressions.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { REPO } from "../helpers/process.js";

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (name.endsWith(".ts")) out.push(p);
  }
  return out;
}

test("every value a module of src/ exports is imported somewhere", () => {
  const files = ["src", "test", "bench"].flatMap((d) => tsFiles(join(REPO, d)));
  const exported = new Map<string, string[]>();
  const imported = new Map<string, Set<string>>();
  const use = (from: string, spec: string, name: string) => {
    if (!spec.startsWith(".")) return;
    const target = resolve(dirname(from), spec.replace(/\.js$/, ".ts"));
    if (!imported.has(target)) imported.set(target, new Set());
    imported.get(target)!.add(name);
  };
  for (const file of files) {
    const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const values: string[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
        const spec = node.moduleSpecifier.text;
        const bindings = node.importClause?.namedBindings;
        if (bindings && ts.isNamedImports(bindings)) for (const e of bindings.elements) use(file, spec, (e.propertyName ?? e.name).text);
        else if (bindings || node.importClause?.name) use(file, spec, "*");
      } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        const clause = node.exportClause;
        if (clause && ts.isNamedExports(clause)) for (const e of clause.elements) use(file, node.moduleSpecifier.text, (e.propertyName ?? e.name).text);
        else use(file, node.moduleSpecifier.text, "*");
      } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        // import("./x.js"), in any spelling the compiler can read: a whole module.
        const [arg] = node.arguments;
        if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) use(file, arg.text, "*");
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
    for (const st of sf.statements) {
      const exported_ = ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (!exported_) continue;
      if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) values.push(d.name.getText(sf));
      else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) values.push(st.name.text);
    }
    exported.set(file, values);
  }
  const unused: string[] = [];
  for (const [file, values] of exported) {
    if (!file.startsWith(join(REPO, "src") + "/")) continue;
    const used = imported.get(file) ?? new Set<string>();
    if (used.has("*")) continue;
    for (const v of values) if (!used.has(v)) unused.push(`${relative(REPO, file)}: ${v}`);
  }
  assert.ok([...exported.values()].flat().length > 100, "the scan found the exports");
  assert.deepEqual(unused, []);
});
