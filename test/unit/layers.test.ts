// The layers' import direction: every src/**/*.ts belongs to a layer by its folder, and imports
// only from its own layer or those below it:
//   core (pure) < sys (spawns, writes, signals) < facts (reads) < act (changes) < engine < commands < main.ts
// core imports nothing but core (and node:path, which is pure); programs are started only from sys.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { builtinModules } from "node:module";
import ts from "typescript";
import { REPO } from "../helpers/process.js";

const SRC = join(REPO, "src");
const LAYERS = ["core", "sys", "facts", "act", "engine", "commands", "main"] as const;
type Layer = (typeof LAYERS)[number];

/** Imports that point the wrong way, in files the lead's engine work rewrites: "<file> -> <import>". */
const ALLOWED: string[] = [
  // (none at present; an entry here says "lead's engine work removes this")
];

/** Node.js modules core may use: pure ones only. */
const CORE_NODE = new Set(["node:path"]);
/** Modules only sys may import: they start programs (or write settings files). */
const SYS_ONLY = new Set(["node:child_process", "cross-spawn", "execa", "conf", "<createRequire>", "<dynamic>"]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

function layerOf(file: string): Layer | undefined {
  const rel = relative(SRC, file).split("/");
  if (rel.length === 1) return rel[0] === "main.ts" ? "main" : undefined;
  return (LAYERS as readonly string[]).includes(rel[0]) && rel[0] !== "main" ? (rel[0] as Layer) : undefined;
}

/**
 * The module specifiers a file imports, read by the TypeScript compiler's own parser: static
 * imports, re-exports, `import()` with a literal (a template without substitutions included),
 * `require()` and `createRequire`. A dynamic import the parser cannot read is "<dynamic>".
 * Node.js built-ins are named with "node:" however they are spelled ("child_process" too).
 */
function importsOf(text: string): string[] {
  const sf = ts.createSourceFile("x.ts", text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const add = (spec: string) => found.push(!spec.startsWith(".") && !spec.startsWith("node:") && builtinModules.includes(spec) ? `node:${spec}` : spec);
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) add(node.moduleSpecifier.text);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) add(node.moduleReference.expression.text);
    else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const dynamic = callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === "require");
      if (dynamic) {
        const [arg] = node.arguments;
        add(arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) ? arg.text : "<dynamic>");
      }
      if (ts.isIdentifier(callee) && callee.text === "createRequire") add("<createRequire>");
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

test("every src file belongs to a layer (src/*.ts: main.ts only)", () => {
  const strays = sources(SRC).filter((f) => layerOf(f) === undefined).map((f) => relative(REPO, f));
  assert.deepEqual(strays, []);
});

test("imports point down the layers only", () => {
  const wrong: string[] = [];
  for (const file of sources(SRC)) {
    const layer = layerOf(file);
    if (!layer) continue;
    const rank = LAYERS.indexOf(layer);
    for (const spec of importsOf(readFileSync(file, "utf8"))) {
      const where = `${relative(REPO, file)} -> ${spec}`;
      if (spec.startsWith(".")) {
        const target = resolve(dirname(file), spec).replace(/\.js$/, ".ts");
        const to = layerOf(target);
        if (!to || LAYERS.indexOf(to) > rank) wrong.push(`${where} (${layer} imports ${to ?? "outside src"})`);
      } else if (layer === "core" && !CORE_NODE.has(spec)) {
        wrong.push(`${where} (core is pure)`);
      } else if (SYS_ONLY.has(spec) && layer !== "sys") {
        wrong.push(`${where} (only sys starts programs)`);
      }
    }
  }
  assert.deepEqual(
    wrong.filter((w) => !ALLOWED.some((a) => w.startsWith(a))),
    [],
  );
});

test("the import reader sees every form of import", () => {
  const text = `import a from "./a.js";\nimport type { B } from "../b.js";\nexport { c } from "./c.js";\nimport "./d.js";\nconst e = await import("./e.js");\n// import x from "./commented.js";\nimport {\n  f,\n  g,\n} from "./fg.js";\n` +
    `import { spawn } from "child_process";\nconst t = await import(\`./t.js\`);\nconst n = "x"; await import(\`./\${n}.js\`);\nconst r = createRequire(import.meta.url);\nr("./q.js");\nconst s = "/* not a comment */";\n`;
  assert.deepEqual(importsOf(text).sort(), ["../b.js", "./a.js", "./c.js", "./d.js", "./e.js", "./fg.js", "./t.js", "<createRequire>", "<dynamic>", "node:child_process"].sort());
});

test("the unit tier spawns nothing: no test/unit file imports a module that starts programs", () => {
  const dir = join(REPO, "test", "unit");
  const spawning = readdirSync(dir)
    .filter((n) => n.endsWith(".ts"))
    .filter((n) => importsOf(readFileSync(join(dir, n), "utf8")).some((spec) => SYS_ONLY.has(spec) || /\/sys\/(run|capture)\.js$/.test(spec)))
    .filter((n) => n !== "layers.test.ts"); // its own table names child_process as text
  assert.deepEqual(spawning, []);
});
