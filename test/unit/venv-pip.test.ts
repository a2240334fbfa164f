// How pipshim runs an environment's pip (src/core/venv-pip.ts): its script, by its own python,
// unless the path holds a line break, which breaks the script's #! line.

import { test } from "node:test";
import assert from "node:assert/strict";
import { pipCommandFor } from "../../src/core/venv-pip.js";

const CASES: [string, string, string, { file: string; args: string[] }][] = [
  ["a plain path", "/p/.venv", "pip", { file: "/p/.venv/bin/python", args: ["/p/.venv/bin/pip"] }],
  ["the name pip was called by", "/p/.venv", "pip3.11", { file: "/p/.venv/bin/python", args: ["/p/.venv/bin/pip3.11"] }],
  ["a space and quotes (the script still runs as Python)", `/a b/'q"/.venv`, "pip", { file: `/a b/'q"/.venv/bin/python`, args: [`/a b/'q"/.venv/bin/pip`] }],
  ["a name starting with -", "/p/-dash/.venv", "pip", { file: "/p/-dash/.venv/bin/python", args: ["/p/-dash/.venv/bin/pip"] }],
  ["a newline", "/a\nb/.venv", "pip", { file: "/a\nb/.venv/bin/python", args: ["-m", "pip"] }],
  ["a carriage return", "/a\rb/.venv", "pip3", { file: "/a\rb/.venv/bin/python", args: ["-m", "pip"] }],
];

for (const [name, venv, invokedAs, expected] of CASES) {
  test(`pip in an environment: ${name}`, () => assert.deepEqual(pipCommandFor(venv, invokedAs), expected));
}
