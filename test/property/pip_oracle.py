"""Ground truth for test/property/pip-args.property.test.ts: how pip itself reads an argument vector.

One long-lived process per test run. It reads JSON lines from stdin, each
{"id": n, "args": [...], "env": {"PIP_X": "..."}?}, and writes one JSON line per request to stdout.
It only parses, with pip's own code (pip._internal.cli.main_parser.parse_command, then
create_command(...).parse_args(...)), and never runs a command. pip's own output (help, version,
usage errors) is captured and only its tail reported.

Start it with a clean environment: HOME pointed at an empty folder, PIP_CONFIG_FILE=/dev/null,
no other PIP_* variables.
"""

import contextlib
import io
import json
import optparse
import os
import sys

# pip's main parser re-runs pip under --python's interpreter unless this is set (main_parser.py,
# parse_command). The child reads the same arguments with the same code, so parsing as the child
# does is exact; and a test must never run pip for real.
os.environ["_PIP_RUNNING_IN_SUBPROCESS"] = "1"

from pip._internal.cli.main_parser import create_main_parser, parse_command  # noqa: E402
from pip._internal.commands import create_command  # noqa: E402
from pip._internal.exceptions import PipError  # noqa: E402

BASE_ENV = {k: v for k, v in os.environ.items()}


def set_pip_env(extra):
    for k in [k for k in os.environ if k.startswith("PIP_")]:
        if k not in BASE_ENV:
            del os.environ[k]
    for k, v in BASE_ENV.items():
        if k.startswith("PIP_"):
            os.environ[k] = v
    for k, v in (extra or {}).items():
        os.environ[k] = v


def attempt(fn):
    """Runs fn with pip's output captured: ("ok", result) or (kind, message)."""
    sink = io.StringIO()
    try:
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            return "ok", fn()
    except SystemExit as e:
        # optparse: parser.error() exits 2 (pip's UNKNOWN_ERROR), --help exits 0; pip's
        # check_default exits 3 for a bad config value; --version / no command exit 0.
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        return ("exit0" if code == 0 else "usage"), (sink.getvalue()[-1000:] + f" [exit {code}]")
    except PipError as e:
        return "piperror", f"{type(e).__name__}: {e}"
    except (optparse.OptParseError, optparse.OptionValueError) as e:
        return "usage", f"{type(e).__name__}: {e}"


def command_word(args):
    """The main parser's first leftover argument: pip's command word (what parse_command checks)."""
    kind, res = attempt(lambda: create_main_parser().parse_args(list(args)))
    if kind == "ok" and res[1]:
        return res[1][0]
    return None


def read(args):
    out = {}
    kind, res = attempt(lambda: parse_command(list(args)))
    if kind != "ok":
        out["stage"] = "main"
        out["outcome"] = kind  # usage | exit0 (help/version/no command) | piperror (unknown command)
        out["message"] = res
        out["word"] = command_word(args)
        return out
    name, cmd_args = res
    out["command"] = name
    out["cmdArgs"] = cmd_args
    kind, res = attempt(
        lambda: create_command(name, isolated=("--isolated" in cmd_args)).parse_args(cmd_args)
    )
    out["stage"] = "command"
    if kind != "ok":
        out["outcome"] = kind  # usage | exit0 (-h) | piperror (a callback's CommandError)
        out["message"] = res
        return out
    out["outcome"] = "ok"
    options, positionals = res
    if name not in ("install", "uninstall"):
        return out
    o = options
    if name == "install":
        # commands/install.py, InstallCommand.run
        into_current = (
            not (o.dry_run and o.json_report_file)
            and o.root_path is None
            and o.target_dir is None
            and o.prefix_path is None
        )
        out["checked"] = bool(into_current and not o.override_externally_managed)
        out["values"] = {
            "target_dir": o.target_dir,
            "prefix_path": o.prefix_path,
            "root_path": o.root_path,
            "dry_run": bool(o.dry_run),
            "json_report_file": o.json_report_file,
            "override_externally_managed": bool(o.override_externally_managed),
            # pip's own strtobool gives 1/0 for PIP_USER / PIP_NO_USER: a truth value all the same.
            "use_user_site": None if o.use_user_site is None else bool(o.use_user_site),
            "requirements": list(o.requirements),
            "editables": list(o.editables),
            "positionals": list(positionals),
        }
    else:
        # commands/uninstall.py, UninstallCommand.run
        out["checked"] = not o.override_externally_managed
        out["values"] = {
            "override_externally_managed": bool(o.override_externally_managed),
            "requirements": list(o.requirements),
            "positionals": list(positionals),
        }
    out["values"]["require_venv"] = bool(o.require_venv)
    return out


def option_tables():
    """pip's own option spellings, per parser, so that the generator covers every one of them."""

    def specs(parser):
        return [
            {"long": o._long_opts, "short": o._short_opts, "takesValue": o.takes_value(), "dest": o.dest}
            for o in parser._get_all_options()
        ]

    tables = {"main": specs(create_main_parser())}
    for name in ("install", "uninstall"):
        tables[name] = specs(create_command(name).parser)
    from pip._internal.commands import commands_dict
    import pip

    return {"tables": tables, "commands": list(commands_dict), "version": pip.__version__}


def main():
    reply = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        if req.get("dump"):
            reply.write(json.dumps({"id": req["id"], "dump": option_tables()}) + "\n")
            reply.flush()
            continue
        set_pip_env(req.get("env"))
        try:
            res = read(req["args"])
        except BaseException as e:  # the oracle itself failed: say so, never die silently
            res = {"stage": "oracle", "outcome": "crash", "message": f"{type(e).__name__}: {e}"}
        res["id"] = req["id"]
        reply.write(json.dumps(res) + "\n")
        if req.get("flush", True):
            reply.flush()
    reply.flush()


if __name__ == "__main__":
    main()
