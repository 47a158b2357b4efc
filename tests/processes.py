"""The processes below a process, read from /proc, for the tests that check that
nothing outlives sustain (tests/hostile/workers.py, tests/watch/run.py)."""
import os


def descendants(pid):
    """Every process below pid: its children, theirs, and so on."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as f:
                    stat = f.read()
            except OSError:
                continue
            parent = int(stat[stat.rindex(")") + 2:].split()[1])
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def alive(pid):
    """Whether pid runs (a zombie, waiting to be reaped, does not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as f:
            return f.read().split(") ")[-1][0] != "Z"
    except OSError:
        return False
