// Is a requirement an application or a library? Outside a project that decides where it goes,
// so pipshim finds out before it touches anything: pip builds the requirement's wheel (pip wheel
// is never refused by PEP 668) into a temporary folder, and the wheel's entry points say whether
// it provides commands. Nothing is installed, so a wrong guess leaves nothing behind.

import { rmSync } from "node:fs";
import { makeTempDir } from "../sys/fs.js";
import type { Classification } from "../core/facts.js";
import { runCaptured } from "../sys/capture.js";
import { onAbort, runChild } from "../sys/run.js";

const INSPECT = `
import configparser, glob, json, sys, zipfile
out = []
for path in sorted(glob.glob(sys.argv[1] + "/*.whl")):
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        info = [n for n in names if n.count("/") == 1 and n.split("/")[0].endswith(".dist-info")]
        meta = next(n for n in info if n.endswith("/METADATA"))
        name = next(l.split(":", 1)[1].strip() for l in z.read(meta).decode("utf-8", "replace").splitlines() if l.lower().startswith("name:"))
        scripts = []
        ep = [n for n in info if n.endswith("/entry_points.txt")]
        if ep:
            cp = configparser.ConfigParser(interpolation=None, delimiters=("=",))
            cp.optionxform = str
            cp.read_string(z.read(ep[0]).decode("utf-8"))
            for section in ("console_scripts", "gui_scripts"):
                if cp.has_section(section):
                    scripts += list(cp[section].keys())
        out.append({"name": name, "scripts": scripts})
print(json.dumps(out))
`;

export interface ClassifyContext {
  realPip: string;
  /** The target interpreter, when it is not the real pip's own (pip's --python). */
  python?: string;
  interpreter: string;
  /** Index and network options of the call, spelled out. */
  indexArgs: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export async function classify(requirement: string, ctx: ClassifyContext): Promise<Classification> {
  const dir = makeTempDir("pipshim-classify-");
  const forget = onAbort(() => rmSync(dir, { recursive: true, force: true }));
  try {
    const pythonArgs = ctx.python ? ["--python", ctx.python] : [];
    // Run as pipshim runs pip itself (src/act/run.ts): on Ctrl-C pip decides, as it would for
    // the install; "--" keeps a requirement that starts with "-" a requirement.
    const built = await runChild(
      ctx.realPip,
      [...pythonArgs, "wheel", "--no-deps", "-q", "--disable-pip-version-check", "-w", dir, ...ctx.indexArgs, "--", requirement],
      { env: ctx.env, cwd: ctx.cwd, capture: true },
    );
    if (built.status !== 0) return { kind: "error", output: built.stderr, status: built.status };
    const inspected = await runCaptured(ctx.interpreter, ["-c", INSPECT, dir], { env: ctx.env, timeoutMs: 60_000 });
    let wheels: { name: string; scripts: string[] }[] = [];
    try {
      wheels = JSON.parse(inspected.stdout);
    } catch {
      wheels = [];
    }
    if (inspected.exitCode !== 0 || wheels.length === 0) {
      return { kind: "error", output: `pipshim: cannot read the wheel built for ${requirement}\n${inspected.stderr}`, status: 1 };
    }
    const { name, scripts } = wheels[0];
    return scripts.length > 0 ? { kind: "app", name, scripts } : { kind: "library", name };
  } finally {
    forget();
    rmSync(dir, { recursive: true, force: true });
  }
}
