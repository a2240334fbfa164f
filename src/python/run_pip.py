# pipshim's runner for a pip the shell hands an install or uninstall over to (bin/pipshim, after
# Node.js answered `venv`: src/engine/handoff.ts). It runs in the environment's own interpreter
# (the one its pip script names), and
#   1. takes the environment's lock, flock(2) on <env>/.lock (the file uv locks too), for pip's
#      whole run: the kernel releases it when this process ends, however it ends; its descriptor
#      is not inherited by what pip starts. A wait is said once, ends by PIPSHIM_LOCK_TIMEOUT
#      (seconds, default 600), and a Ctrl-C ends it at once (130). Where the file system cannot
#      lock, it says so once and goes on (as cargo does);
#   2. runs the environment's pip script in this very process, as the kernel would have run it:
#      pip's argv[0], output and exit status are pip's own;
#   3. then brings the shims of the environments' commands up to date (the rule and the places
#      are in the shims folder's .places, written by src/act/shims.ts), so that a command pip
#      just installed runs by name on the next line;
#   4. and, still holding the lock, writes anew the `ids` of the environment's trusted record
#      (src/act/shell-records.ts), when the record is there for this very environment: pipshim
#      vouched for it just before pip ran (Node.js, or the shell against that record), and what
#      changed since is pip's own work, so the shell can go on using it without Node.js.
#
#   python run_pip.py ENV SHIMS RECORDS PIP_SCRIPT [PIP ARGUMENTS...]   (SHIMS, RECORDS "-": none)
#
# Standard library only; runs on any Python 3 an environment may have.

import errno
import os
import sys


def say(text):
    sys.stderr.write("pipshim: %s\n" % text)
    sys.stderr.flush()


def lock_timeout():
    try:
        return max(0.0, float(os.environ.get("PIPSHIM_LOCK_TIMEOUT", "600")))
    except ValueError:
        return 600.0


class TimedOut(Exception):
    pass


def take_lock(env):
    """The environment's lock, held on a descriptor of this process; None where locks are not supported."""
    import fcntl
    import signal

    path = os.path.join(env, ".lock")
    waited = False
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                os.close(fd)
                say("cannot lock %s (%s): going on without the lock" % (env, e.strerror))
                return None
            limit = lock_timeout()
            if not waited:
                waited = True
                say("waiting for another pip working on %s (up to %d s: PIPSHIM_LOCK_TIMEOUT)" % (env, limit))

            def expire(signum, frame):
                raise TimedOut()

            old = signal.signal(signal.SIGALRM, expire)
            try:
                if limit > 0:
                    signal.setitimer(signal.ITIMER_REAL, limit)
                    fcntl.flock(fd, fcntl.LOCK_EX)
                else:
                    raise TimedOut()
            except TimedOut:
                os.close(fd)
                say("gave up waiting for another pip working on %s, after %d s (PIPSHIM_LOCK_TIMEOUT sets the limit, in seconds)" % (env, limit))
                sys.exit(1)
            except KeyboardInterrupt:
                # Ctrl-C while waiting: nothing was done.
                sys.exit(130)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, old)
        # Still the file at that path (one removed and made again meanwhile is another lock).
        try:
            held, now = os.fstat(fd), os.lstat(path)
            if (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino):
                return fd
        except OSError:
            pass
        os.close(fd)


def command_shims(shims):
    """Adds a shim for each command the places have, removes those none has (src/act/shims.ts, the same rule)."""
    import re

    prefix = "#command-name "
    try:
        st = os.stat(shims)
        if not os.path.isabs(shims) or st.st_uid != os.getuid() or st.st_mode & 0o022:
            return
        with open(os.path.join(shims, ".places")) as f:
            lines = f.read().split("\n")
        with open(os.path.join(shims, "python3")) as f:
            template = f.read()
    except (OSError, UnicodeDecodeError):
        return
    if not lines or not lines[0].startswith(prefix) or not template.startswith("#!/bin/sh\n# pipshim-shim"):
        return
    rule = re.compile(lines[0][len(prefix):])
    wanted = set()
    for place in (line for line in lines[1:] if line):
        bin_dir = os.path.join(place, "bin")
        try:
            names = os.listdir(bin_dir)
        except OSError:
            continue
        for name in names:
            path = os.path.join(bin_dir, name)
            if rule.search(name) and os.path.isfile(path) and os.access(path, os.X_OK):
                wanted.add(name)
    have = set(n for n in os.listdir(shims) if rule.search(n))
    for name in have - wanted:
        path = os.path.join(shims, name)
        try:
            with open(path) as f:
                ours = f.read() == template
            if ours:
                os.unlink(path)
        except (OSError, UnicodeDecodeError):
            pass
    for name in wanted - have:
        tmp = os.path.join(shims, "%s.%d.tmp" % (name, os.getpid()))
        try:
            with open(tmp, "w") as f:
                f.write(template)
            os.chmod(tmp, 0o755)
            os.rename(tmp, os.path.join(shims, name))
        except OSError:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def stat_identity(path):
    """One entry as GNU stat's `%d:%i:%s:%.9Y:%.9Z ` prints it (not followed): src/act/shell-records.ts, statIdentity."""
    st = os.lstat(path)

    def t(ns):
        return "%d.%09d" % (ns // 1000000000, ns % 1000000000)

    return "%d:%d:%d:%s:%s " % (st.st_dev, st.st_ino, st.st_size, t(st.st_mtime_ns), t(st.st_ctime_ns))


def refresh_ids(records, env):
    """The trusted record's ids, as src/act/shell-records.ts writes them (identities), for this very environment."""
    import re

    st = os.lstat(records)
    if st.st_uid != os.getuid() or st.st_mode & 0o077 or not os.path.isabs(env):
        return
    record = records + "/trusted" + env
    if not os.path.samestat(os.lstat(os.path.join(record, "pyvenv.cfg")), os.lstat(os.path.join(env, "pyvenv.cfg"))):
        return
    if not os.path.isfile(os.path.join(record, "ids")):
        return
    with open(os.path.join(record, "site")) as f:
        site = f.read().split("\n")[0]
    with open(os.path.join(record, "git")) as f:
        git = f.read().split("\n")
    index = git[1] if len(git) > 1 and git[1] else None
    lib_py = os.path.dirname(site)
    first = "".join(stat_identity(p) for p in [env, os.path.join(env, "pyvenv.cfg"), os.path.join(env, "bin"), os.path.dirname(lib_py), lib_py, site])
    lines = [first]
    if index is not None and os.path.exists(index):
        lines.append("/git " + stat_identity(index))
    for name in sorted(os.listdir(os.path.join(env, "bin"))):
        if re.match(r"^[^\s]+$", name):
            lines.append(name + " " + stat_identity(os.path.join(env, "bin", name)))
    tmp = os.path.join(record, "ids.%d.tmp" % os.getpid())
    try:
        with open(tmp, "w") as f:
            f.write("\n".join(lines) + "\n")
        os.rename(tmp, os.path.join(record, "ids"))
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def main():
    env, shims, records, script = sys.argv[1:5]
    try:
        lock = take_lock(env)  # noqa: F841 (held while this process lives)
    except KeyboardInterrupt:
        # Ctrl-C at any moment of the wait: nothing was done.
        sys.exit(130)
    # As the kernel runs the script: its arguments, its folder first on sys.path, run as __main__.
    sys.argv = [script] + sys.argv[5:]
    sys.path[0] = os.path.dirname(os.path.realpath(script))
    import runpy

    ended = None
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as e:
        ended = e
    finally:
        if shims != "-":
            try:
                command_shims(shims)
            except Exception:
                pass
        if records != "-":
            try:
                refresh_ids(records, env)
            except Exception:
                pass
    # The lock stays held to the process's end, when the kernel releases it.
    if ended is not None:
        raise ended


if __name__ == "__main__":
    main()
