// Reading a command's own flags, with node:util's parseArgs: one line of error (exit 2) for an
// unknown flag or a missing value, never a stack trace.

import { parseArgs, type ParseArgsConfig } from "node:util";
import { UserError } from "../sys/output.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

export interface Flags {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * The flags of `pipshim <command>`. With `rest`, flags are read only up to the first argument
 * that is not one of them (`pipshim explain --json install --user x`: everything from `install`
 * on is pip's), and that argument and all after it are the positionals.
 */
export function readFlags(command: string, argv: string[], options: Options, rest = false, valueHints: Record<string, string> = {}): Flags {
  const { tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  const values: Flags["values"] = {};
  const positionals: string[] = [];
  for (const t of tokens) {
    if (t.kind === "option-terminator" || (t.kind === "positional" && rest)) {
      positionals.push(...argv.slice(t.kind === "option-terminator" ? t.index + 1 : t.index));
      break;
    }
    if (t.kind === "positional") {
      positionals.push(t.value);
      continue;
    }
    const spec = options[t.name];
    if (!spec) {
      if (rest) {
        positionals.push(...argv.slice(t.index));
        break;
      }
      throw new UserError(`unknown ${command} option "${t.rawName}" (pipshim ${command} --help)`, 2);
    }
    if (spec.type === "string" && t.value === undefined) {
      throw new UserError(`${t.rawName} needs a value${valueHints[t.name] ? `: ${valueHints[t.name]}` : ""}`, 2);
    }
    if (spec.type === "boolean" && t.value !== undefined) throw new UserError(`${t.rawName} takes no value (pipshim ${command} --help)`, 2);
    values[t.name] = spec.type === "boolean" ? true : t.value;
  }
  return { values, positionals };
}
