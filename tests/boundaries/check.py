#!/usr/bin/env python3
"""The engine's folder boundaries (docs/architecture.md), as the build enforces them.

Usage: check.py BUILD_ROOT SOURCE_ROOT FOLDER...   (engine/'s folders in flow order;
                                                    "." is the front door, engine.c)

1. For every pair of folders, a probe that includes a header of the second is compiled
   with the first folder's own compile command (taken from compile_commands.json): it
   must fail, with the header not found, when the second folder lies downstream, and must
   compile when it is the folder itself (so a failure is the include path's doing, not a
   broken command).
2. No #include in engine/ names a path ("../cli/layout.h", "cli/layout.h"), which the
   include directories could not stop; sustain/plugin.h, the ABI header, is the one path.
3. No modules depend on each other, directly or round a longer circle, by their includes
   (a module is a .c file with its header; X_internal.h is part of module X) or by the
   functions they call (from the symbols of each folder's library, so a header that
   declares the functions of two modules hides nothing); and no module calls a function
   of a module downstream of its folder.
Prints a summary in cmocka's form for tests/summary.py.
"""
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cases import bad, check, finish, ok  # noqa: E402  (tests/cases.py)

BUILD, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
FOLDERS = sys.argv[3:]
ENGINE = os.path.join(ROOT, "engine")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)


def folder_path(folder):
    return os.path.normpath(os.path.join(ENGINE, folder))


def files_of(folder, suffix):
    path = folder_path(folder)
    return sorted(os.path.join(path, n) for n in os.listdir(path) if n.endswith(suffix))


def label(folder):
    return "engine" if folder == "." else folder


def own_command(folder, commands):
    """The compile command of a source of the folder, in the folder's own library."""
    library = "libsustain_" + label(folder) + ".a.p"
    for entry in commands:
        source = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
        if os.path.dirname(source) == folder_path(folder) and library in entry["command"]:
            return entry
    return None


def probe(entry, header, work):
    """Compiles a file that includes header with entry's flags; (status, stderr)."""
    source = os.path.join(work, "probe.c")
    with open(source, "w", encoding="utf-8") as f:
        f.write(f'#include "{header}"\nint boundary_probe;\n')
    words = shlex.split(entry["command"])
    kept, skip = [], 0
    for i, word in enumerate(words):
        if skip:
            skip -= 1
        elif word in ("-o", "-c", "-MF", "-MQ"):
            skip = 1
        elif word != "-MD":
            kept.append(word)
    kept += ["-fsyntax-only", source]
    run = subprocess.run(kept, cwd=entry["directory"], capture_output=True, text=True)
    return run.returncode, run.stderr


def check_include_paths():
    commands = json.load(open(os.path.join(BUILD, "compile_commands.json"), encoding="utf-8"))
    headers = {f: os.path.basename(files_of(f, ".h")[0]) for f in FOLDERS}
    with tempfile.TemporaryDirectory(prefix="sustain-boundaries-") as work:
        for i, folder in enumerate(FOLDERS):
            entry = own_command(folder, commands)
            if not entry:
                bad(f"boundary_{label(folder)}", "no compile command of its own library found")
                continue
            status, err = probe(entry, headers[folder], work)
            check(f"boundary_{label(folder)}_sees_itself", status == 0, err[-400:])
            for later in FOLDERS[i + 1:]:
                status, err = probe(entry, headers[later], work)
                check(f"boundary_{label(folder)}_cannot_include_{label(later)}",
                      status != 0 and headers[later] in err,
                      f"{headers[later]} from {later} compiled in {folder}" if status == 0
                      else err[-400:])


def engine_sources():
    for directory, folders, names in os.walk(ENGINE):
        folders[:] = [f for f in folders if f != "include"]
        for name in names:
            if name.endswith((".c", ".h")):
                yield os.path.join(directory, name)


def module_of(path):
    name = os.path.splitext(os.path.basename(path))[0]
    return name[: -len("_internal")] if name.endswith("_internal") else name


def check_includes():
    edges, paths = {}, []
    for path in engine_sources():
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for included in INCLUDE.findall(text):
            if "/" in included and included != "sustain/plugin.h":
                paths.append(f"{os.path.relpath(path, ROOT)}: #include \"{included}\"")
            target = module_of(included)
            if target != module_of(path):
                edges.setdefault(module_of(path), set()).add(target)
    check("boundary_no_include_names_a_path", not paths, *paths)
    check("boundary_no_modules_include_each_other", not circles_in(edges),
          *circles_in(edges))


def circles_in(edges):
    """Each circle of the graph, as text, found from each of its modules."""
    circles = set()
    for start in sorted(edges):  # a path back to the start is a circle
        seen, stack = set(), [(start, [start])]
        while stack:
            module, trail = stack.pop()
            for target in sorted(edges.get(module, ())):
                if target == start:
                    circles.add(" -> ".join(trail + [start]))
                elif target not in seen:
                    seen.add(target)
                    stack.append((target, trail + [target]))
    return sorted(circles)


def library_symbols(library):
    """{module: global symbols it defines} and {module: symbols it leaves undefined}."""
    defined, used = {}, {}
    for option, table in (("--defined-only", defined), ("--undefined-only", used)):
        run = subprocess.run(["nm", "-A", "-P", option, library], capture_output=True,
                             text=True, check=True)
        for line in run.stdout.splitlines():
            found = re.match(r"^.*\[(.*)\]: (\S+) (\S)", line)
            if not found or found.group(3).islower():  # file-local: not a dependency
                continue
            module = os.path.basename(found.group(1)).split(".")[0]
            table.setdefault(module, set()).add(found.group(2))
    return defined, used


def check_calls():
    folder_of, defined_by, uses = {}, {}, {}
    for folder in FOLDERS:
        library = os.path.join(BUILD, "engine", folder, f"libsustain_{label(folder)}.a")
        defined, used = library_symbols(os.path.normpath(library))
        for module, names in defined.items():
            folder_of[module] = folder
            for name in names:
                defined_by[name] = module
        for module, names in used.items():
            folder_of.setdefault(module, folder)
            uses[module] = names
    edges, against = {}, []
    for module, names in uses.items():
        for name in sorted(names):
            target = defined_by.get(name)
            if not target or target == module:
                continue  # the C library's, Lua's, SQLite's...
            edges.setdefault(module, set()).add(target)
            if FOLDERS.index(folder_of[target]) > FOLDERS.index(folder_of[module]):
                against.append(f"{module} ({label(folder_of[module])}) calls {name} of "
                               f"{target} ({label(folder_of[target])})")
    check("boundary_no_call_against_the_flow", not against, *sorted(set(against)))
    check("boundary_no_modules_call_each_other", not circles_in(edges), *circles_in(edges))


def main():
    check_include_paths()
    check_includes()
    check_calls()
    return finish()


if __name__ == "__main__":
    sys.exit(main())
