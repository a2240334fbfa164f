// Names, paths and quoting (src/core/names.ts), as tables.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { displayPath, normalizeName, requirementName, shellPath, shellQuote } from "../../src/core/names.js";
import { HOME } from "../fixtures/facts.js";

/** One table per function: [input, expected output]. */
const TABLES: { fn: string; call: (input: string) => string | undefined; rows: [string, string | undefined][] }[] = [
  {
    fn: "normalizeName",
    call: normalizeName,
    rows: [
      ["requests", "requests"],
      ["Foo_Bar.baz", "foo-bar-baz"],
      ["foo--_.bar", "foo-bar"],
      ["ZOPE.Interface", "zope-interface"],
    ],
  },
  {
    fn: "requirementName",
    call: requirementName,
    rows: [
      ["black", "black"],
      ["black==23.1", "black"],
      ["Django>=4,<5", "Django"],
      ["Foo[x]>=1; python_version>'3'", "Foo"],
      ["foo [bar]", "foo"],
      ["foo @ https://h/foo-1.0.tar.gz", "foo"],
      ["foo[x]@file:///src/foo", "foo"],
      ["zope.interface~=6.0", "zope.interface"],
      ["./pkg", undefined],
      ["pkg/", undefined],
      [".", undefined],
      ["~/src/pkg", undefined],
      ["https://h/foo-1.0-py3-none-any.whl", undefined],
      ["git+https://github.com/o/r.git", undefined],
      ["foo-1.0-py3-none-any.whl", undefined],
      ["foo-1.0.tar.gz", undefined],
      ["C:\\src\\pkg", undefined],
    ],
  },
  {
    fn: "displayPath",
    call: (p) => displayPath(p, HOME),
    rows: [
      [`${HOME}/proj/.venv`, "~/proj/.venv"],
      [HOME, "~"],
      [`${HOME}x/proj`, `${HOME}x/proj`],
      ["/usr/bin/python3", "/usr/bin/python3"],
    ],
  },
  {
    fn: "shellQuote",
    call: shellQuote,
    rows: [
      ["--index-url=https://h/simple", "--index-url=https://h/simple"],
      ["a b", "'a b'"],
      ["it's", "'it'\\''s'"],
      ["", "''"],
      ["$HOME", "'$HOME'"],
      ["a*b", "'a*b'"],
    ],
  },
  {
    fn: "shellPath",
    call: (p) => shellPath(p, HOME),
    rows: [
      [`${HOME}/proj/.venv`, "~/proj/.venv"],
      [`${HOME}/my proj/.venv`, "~/'my proj/.venv'"],
      ["/opt/my env", "'/opt/my env'"],
    ],
  },
];

for (const { fn, call, rows } of TABLES) {
  describe(fn, () => {
    for (const [input, expected] of rows) {
      test(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => assert.equal(call(input), expected));
    }
  });
}

test("displayPath leaves paths alone when home is /", () => assert.equal(displayPath("/etc/pip.conf", "/"), "/etc/pip.conf"));
