#!/usr/bin/env python3
"""The cache of loaded sources (engine/sources/source_cache*.c, docs/config.md).

Usage: cache.py SUSTAIN SOURCE_ROOT GENERATE TEST_PLUGIN_DIR

1. Every example, and a generated national dataset, gives byte for byte the same
   plan and the same messages with the cache cold (written) and warm (read), for
   --jobs 1 and 2, as without it; `--profile` says how many sources came from it.
2. Off unless asked: no folder without `cache = yes` or --cache; --no-cache wins over
   `cache = yes`; the folder is 0700 and its files 0600; cache_dir is relative to
   the config's folder.
3. A changed byte in a data file, or a changed option, reloads that source only,
   and the plan is the changed data's.
4. A cache file cut short, bit-flipped, replaced by noise, or readable by others is
   not used: the run reloads the source, gives the right plan, and writes it again.
5. A cache folder that cannot be made or written: a warning, and the plan as usual. Runs
   writing the cache at once leave whole files and no temporary one. An SQLite change
   still in the write-ahead log reloads its source.
6. A source's plugin warnings are shown again when the source comes from the cache.
Prints a summary in cmocka's form for tests/summary.py.
"""
import glob
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cases import bad, check, finish, ok  # noqa: E402  (tests/cases.py)

SUSTAIN, ROOT, GENERATE, PLUGINS = (os.path.abspath(a) for a in sys.argv[1:5])
PROFILE = re.compile(r"^Cache: (\d+) of (\d+) sources read from the cache$", re.M)


def run(ini, *args, umask=None):
    """sustain run: (status, plan bytes, stderr), under umask when given."""
    def set_umask():
        if umask is not None:
            os.umask(umask)
    with tempfile.NamedTemporaryFile(suffix=".json") as plan:
        p = subprocess.run([SUSTAIN, "run", ini, "--format", "json", "-q", "--profile=1",
                            "-o", plan.name, *args], capture_output=True, text=True, timeout=300,
                           preexec_fn=set_umask)
        with open(plan.name, "rb") as f:
            body = f.read()
    return p.returncode, body, p.stderr


def from_cache(stderr):
    """(sources read from the cache, sources) as --profile says, or None."""
    m = PROFILE.search(stderr)
    return (int(m.group(1)), int(m.group(2))) if m else None


def messages(stderr):
    """What the run said before the profile (whose times differ run to run)."""
    return re.split(r"^.*slowest rule calls", stderr, maxsplit=1, flags=re.M | re.I)[0]


def copy_example(work, name):
    """examples/NAME with its own data files (so they can be changed) and its paths
    to the repository made absolute; returns the copy's INI."""
    target = os.path.join(work, name)
    shutil.copytree(os.path.join(ROOT, "examples", name), target, symlinks=False,
                    ignore=shutil.ignore_patterns(".sustain-cache"))
    ini = os.path.join(target, "assessment.ini")
    with open(ini, encoding="utf-8") as f:
        text = f.read().replace("../../", ROOT + "/")
    with open(ini, "w", encoding="utf-8") as f:
        f.write(text)
    return ini


def edit(ini, change):
    with open(ini, encoding="utf-8") as f:
        text = f.read()
    with open(ini, "w", encoding="utf-8") as f:
        f.write(change(text))


def line_of(ini, text):
    with open(ini, encoding="utf-8") as f:
        return next(i + 1 for i, line in enumerate(f) if line.startswith(text))


def cache_files(ini):
    return sorted(glob.glob(os.path.join(os.path.dirname(ini), ".sustain-cache", "*.cache")))


# --- 1. warm and cold give the same plan -----------------------------------------

def same_plans(name, ini, jobs):
    shutil.rmtree(os.path.join(os.path.dirname(ini), ".sustain-cache"), ignore_errors=True)
    plain = run(ini, "--jobs", jobs)
    cold = run(ini, "--jobs", jobs, "--cache")
    warm = run(ini, "--jobs", jobs, "--cache")
    sources = from_cache(warm[2])
    check(f"{name} --jobs {jobs}: cold and warm plans are the plan without the cache",
          plain[1] and plain[:2] == cold[:2] == warm[:2],
          f"status {plain[0]} {cold[0]} {warm[0]}", plain[2][-400:])
    check(f"{name} --jobs {jobs}: cold and warm runs say the same",
          messages(plain[2]) == messages(cold[2]) == messages(warm[2]),
          messages(cold[2])[-300:], messages(warm[2])[-300:])
    check(f"{name} --jobs {jobs}: the cold run writes, the warm run reads every source",
          from_cache(cold[2]) == (0, sources[1] if sources else -1) and sources and
          sources[0] == sources[1] and len(cache_files(ini)) == sources[1],
          cold[2][-300:], warm[2][-300:])


def examples(work):
    for name in ("three-authorities", "starter", "csat", "psat"):
        ini = copy_example(work, name)
        for jobs in ("1", "2"):
            same_plans(name, ini, jobs)


def national(work):
    folder = os.path.join(work, "national")
    os.makedirs(folder)
    env = dict(os.environ, SUSTAIN_RULES=os.path.join(ROOT, "rules", "ingredients"))
    subprocess.run([GENERATE, "national", "--scale", "0.05", folder], check=True, env=env,
                   capture_output=True, timeout=300)
    same_plans("national scale 0.05", os.path.join(folder, "assessment.ini"), "2")


# --- 2. off unless asked ------------------------------------------------------------

def off_unless_asked(work):
    ini = copy_example(work, "starter")
    folder = os.path.join(os.path.dirname(ini), ".sustain-cache")
    status, _, stderr = run(ini)
    check("no cache folder without cache = yes or --cache",
          status == 0 and not os.path.exists(folder) and from_cache(stderr) is None, stderr)
    edit(ini, lambda t: t.replace("[assessment]\n", "[assessment]\ncache = yes\n", 1))
    run(ini, umask=0)
    status, _, stderr = run(ini, "--no-cache")
    made = os.path.isdir(folder) and len(cache_files(ini)) == 4
    check("cache = yes keeps the sources; --no-cache neither reads nor writes them",
          made and from_cache(stderr) is None, stderr)
    modes = [stat.S_IMODE(os.stat(p).st_mode) for p in cache_files(ini)]
    check("the cache folder is 0700 and its files 0600, whatever the umask",
          made and stat.S_IMODE(os.stat(folder).st_mode) == 0o700 and set(modes) == {0o600},
          oct(os.stat(folder).st_mode), modes)
    edit(ini, lambda t: t.replace("cache = yes\n", "cache = yes\ncache_dir = kept/here\n", 1))
    status, _, stderr = run(ini)
    mine = os.path.join(os.path.dirname(ini), "kept", "here")
    check("cache_dir is relative to the config's folder",
          status == 0 and len(glob.glob(os.path.join(mine, "*.cache"))) == 4, stderr)
    edit(ini, lambda t: t.replace("cache = yes\n", "cache = maybe\n", 1))
    status, _, stderr = run(ini)
    check("cache = maybe is refused at its line",
          status != 0 and f"assessment.ini:{line_of(ini, 'cache =')}: cache must be yes" in stderr,
          stderr)


# --- 3. a changed byte or option reloads the source ------------------------------

def invalidation(work):
    ini = copy_example(work, "three-authorities")
    run(ini, "--cache")
    data = os.path.join(os.path.dirname(ini), "data", "care_leavers.csv")
    with open(data, "rb") as f:
        body = f.read()
    at = body.rindex(b"20")  # a year in the last rows: 20xx becomes 19xx
    with open(data, "wb") as f:
        f.write(body[:at] + b"19" + body[at + 2:])
    plain = run(ini)
    status, plan, stderr = run(ini, "--cache")
    total = from_cache(stderr)
    check("a changed byte in a data file reloads that source, and the plan is the new data's",
          plain[1] == plan and total and total[0] == total[1] - 1, stderr[-300:])
    edit(ini, lambda t: re.sub(r"^(\[source care_leavers\].*\n)", "\\1delimiter = ,\n", t,
                               count=1, flags=re.M))
    status, plan, stderr = run(ini, "--cache")
    total = from_cache(stderr)
    check("a changed option reloads that source",
          plain[1] == plan and total and total[0] == total[1] - 1, stderr[-300:])
    edit(ini, lambda t: t.replace("[assessment]\n", "[assessment]\n; a new line above\n", 1))
    status, plan, stderr = run(ini, "--cache")
    total = from_cache(stderr)
    check("a line added elsewhere in the config keeps every source's cache",
          plain[1] == plan and total and total[0] == total[1], stderr[-300:])


# --- 4. damaged cache files -------------------------------------------------------

def damaged(work):
    ini = copy_example(work, "three-authorities")
    want = run(ini)[1]
    run(ini, "--cache")
    files = cache_files(ini)
    sizes = sorted((os.path.getsize(p), p) for p in files)
    biggest = [p for _, p in sizes[-4:]]
    with open(biggest[0], "r+b") as f:
        f.truncate(os.path.getsize(biggest[0]) // 2)
    with open(biggest[1], "r+b") as f:
        f.seek(os.path.getsize(biggest[1]) * 2 // 3)
        byte = f.read(1)
        f.seek(-1, 1)
        f.write(bytes([byte[0] ^ 4]))
    with open(biggest[2], "wb") as f:
        f.write(os.urandom(5000))
    os.chmod(biggest[2], 0o600)
    os.chmod(biggest[3], 0o644)
    status, plan, stderr = run(ini, "--cache")
    total = from_cache(stderr)
    check("cut, flipped, noisy and world-readable cache files are not used, the plan right",
          status == 0 and plan == want and total and total[0] == total[1] - 4, stderr[-300:])
    status, plan, stderr = run(ini, "--cache")
    total = from_cache(stderr)
    check("and they are written again whole",
          plan == want and total and total[0] == total[1] and
          {stat.S_IMODE(os.stat(p).st_mode) for p in cache_files(ini)} == {0o600}, stderr[-300:])


# --- 5. a folder that cannot be written ------------------------------------------

def unwritable(work):
    ini = copy_example(work, "starter")
    want = run(ini)
    blocker = os.path.join(os.path.dirname(ini), "a-file")
    with open(blocker, "w") as f:
        f.write("not a folder\n")
    edit(ini, lambda t: t.replace("[assessment]\n", "[assessment]\ncache_dir = a-file/cache\n", 1))
    status, plan, stderr = run(ini, "--cache")
    check("a cache folder that cannot be made: a warning at cache_dir's line, the same plan",
          status == want[0] == 0 and plan == want[1] and
          re.search(rf"warning: .*assessment.ini:{line_of(ini, 'cache_dir')}: cache folder .*a-file/cache cannot be made "
                    r"\(Not a directory\): running without the cache", stderr) and
          from_cache(stderr) == (0, 4), stderr)


# --- 5b. runs at the same time -------------------------------------------------------

def concurrent(work):
    ini = copy_example(work, "three-authorities")
    want = run(ini)[1]
    runs = []
    for i in range(4):
        out = os.path.join(work, f"plan{i}.json")
        runs.append((out, subprocess.Popen(
            [SUSTAIN, "run", ini, "--format", "json", "-q", "--cache", "-o", out],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)))
    plans = []
    for out, p in runs:
        p.wait(timeout=300)
        with open(out, "rb") as f:
            plans.append(f.read())
    folder = os.path.join(os.path.dirname(ini), ".sustain-cache")
    left = sorted(os.listdir(folder))
    status, plan, stderr = run(ini, "--cache")
    check("four runs writing the cache at once: right plans, whole files, no temporary left",
          all(p == want for p in plans) and plan == want and from_cache(stderr) == (10, 10) and
          all(name.endswith(".cache") for name in left) and len(left) == 10, left, stderr[-300:])


# --- 5c. an SQLite file with changes only in its write-ahead log --------------------------

def sqlite_log(work):
    import csv
    import sqlite3
    ini = copy_example(work, "starter")
    folder = os.path.dirname(ini)
    db = sqlite3.connect(os.path.join(folder, "db.sqlite"), isolation_level=None)
    db.execute("pragma journal_mode=wal")
    db.execute("pragma wal_autocheckpoint=0")  # changes stay in the log while it is open
    with open(os.path.join(folder, "data", "leadership.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    db.execute(f"create table leadership ({', '.join(rows[0])})")
    db.executemany(f"insert into leadership values ({', '.join('?' * len(rows[0]))})", rows[1:])
    db.execute("pragma wal_checkpoint(truncate)")  # the rows in the file, the log empty
    edit(ini, lambda t: re.sub(r"(\[source leadership\]\n)plugin = csv\npath = [^\n]*\n",
                               "\\1plugin = sqlite\npath = db.sqlite\ntable = leadership\n", t))
    run(ini, "--cache")
    before = os.path.getsize(os.path.join(folder, "db.sqlite"))
    warm = run(ini, "--cache")
    db.execute("delete from leadership where rowid in (select rowid from leadership limit 3)")
    plain = run(ini)
    status, plan, stderr = run(ini, "--cache")
    db.close()
    check("an SQLite source whose change is only in its write-ahead log is loaded again",
          from_cache(warm[2]) == (4, 4) and plan == plain[1] and plan != warm[1] and
          from_cache(stderr) == (3, 4) and
          before == os.path.getsize(os.path.join(folder, "db.sqlite")),
          f"warm {from_cache(warm[2])} now {from_cache(stderr)} plain==plan {plan == plain[1]} "
          f"changed {plan != warm[1]} size {before} "
          f"{os.path.getsize(os.path.join(folder, 'db.sqlite'))}", warm[2][:300])


# --- 6. warnings come back ------------------------------------------------------------

def warnings(work):
    ini = copy_example(work, "starter")
    odd = os.path.join(os.path.dirname(ini), "odd.txt")
    with open(odd, "w") as f:
        f.write("one\ntwo\n")
    plugin = os.path.join(PLUGINS, "helpful.so")
    edit(ini, lambda t: t.replace("[authority ", f"[source helper]\nplugin = {plugin}\n"
                                  "mode = warn\npath = odd.txt\nshared = yes\n\n[authority ", 1))
    plain = run(ini)
    cold = run(ini, "--cache")
    edit(ini, lambda t: t.replace("[assessment]\n", "[assessment]\n; moved down a line\n", 1))
    moved = run(ini)
    warm = run(ini, "--cache")
    said = [line for line in messages(warm[2]).splitlines() if "warning" in line]
    check("a source's warnings are said again from the cache, at their lines",
          len(said) == 2 and messages(moved[2]) == messages(warm[2]) and
          messages(plain[2]) == messages(cold[2]) and from_cache(warm[2]) == (5, 5) and
          plain[1] == warm[1], plain[2][-500:], warm[2][-500:])


def main():
    work = tempfile.mkdtemp(prefix="sustain-cache-")
    try:
        for case in (examples, national, off_unless_asked, invalidation, damaged, unwritable,
                     concurrent, sqlite_log, warnings):
            os.makedirs(os.path.join(work, case.__name__))
            try:
                case(os.path.join(work, case.__name__))
            except Exception as e:  # noqa: BLE001  (a case that breaks is a failure)
                bad(case.__name__, repr(e))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
