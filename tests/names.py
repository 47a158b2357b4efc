"""What a person reads of a plan names things, never gives their ids: shared by the
command-line test of the text, Markdown and HTML plans (tests/cli/names.py) and the
browser's (tests/browser/run.py, case `names`).

leftover_ids() takes away from a report everything the plan's rule pack and data wrote
(titles, reasons, why, evidence: text a rule may word as it likes, including an English
word that is also an ingredient's id, such as "leadership") and returns the ids still
found in what is left, which the writers themselves wrote. Ids kept on purpose are in
HTML <code> elements (an evidence appendix's rule ids, a data check's id, an action the
history alone knows) and are taken away first, and --explain is for checking the
arithmetic, so its output is not given to this."""
import html
import re

# Keys whose strings are ids, for programs; their values are what must not be read.
ID_KEYS = {"id", "ingredient", "gap", "found_by", "check", "rule", "kind", "recurring_actions",
           "resolved_actions", "reason_kind", "status", "schema", "authority"}


def plan_ids(plan):
    """The ids of ingredients, rules, context items, actions, gaps and data checks."""
    ids = set()
    for a in plan["authorities"]:
        for ingredient in a["ingredients"]:
            ids.add(ingredient["id"])
            ids.update(rule["id"] for rule in ingredient["rules"])
        ids.update(item["id"] for item in a["context"])
        for action in a["actions"]:
            ids.update([action["id"], action["gap"], *action["found_by"]])
        ids.update(finding["check"] for finding in a.get("data_quality", []))
        ids.update(c["rule"] for c in a.get("customisations", []) if c.get("rule"))
    ids.discard(None)
    return ids


def _prose(value, key=None, into=None):
    """Every string of the plan that is not an id, nor a reason sustain itself wrote for a
    customisation (which must name things as the rest of the report does)."""
    into = [] if into is None else into
    if isinstance(value, dict):
        for k, v in value.items():
            if k in ID_KEYS:
                continue
            if k == "customisations":
                continue
            _prose(v, k, into)
    elif isinstance(value, list):
        for v in value:
            _prose(v, key, into)
    elif isinstance(value, str):
        into.append(value)
    return into


def _flat(text):
    return re.sub(r"\s+", " ", text).strip()


def readable_text(report, fmt):
    """The words a person reads: HTML without markup, styles and <code> elements,
    Markdown without its escapes; white space made single spaces, so wrapped lines join."""
    if fmt == "html":
        report = re.sub(r"<style\b.*?</style>|<code\b.*?</code>", " ", report, flags=re.S)
        report = html.unescape(re.sub(r"<[^>]*>", " ", report))
    elif fmt == "markdown":
        report = re.sub(r"\\(.)", r"\1", report).replace("&lt;", "<").replace("&gt;", ">")
    return _flat(report)


def leftover_ids(report, fmt, plan):
    """The ids (each with a little of its context) in the words the writers wrote."""
    text = readable_text(report, fmt)
    for words in sorted({_flat(s) for s in _prose(plan) if _flat(s)}, key=len, reverse=True):
        # whole words only: a value "c" must not take the c out of every word
        text = re.sub(r"(?<!\w)" + re.escape(words) + r"(?!\w)", " | ", text)
    found = []
    for token in sorted(plan_ids(plan)):
        for match in re.finditer(r"(?<![\w.])" + re.escape(token) + r"(?!\w|\.\w)", text):
            found.append(f"{token!r} in ...{text[max(0, match.start() - 60):match.end() + 40]}...")
    return found


def missing_names(report, fmt, plan):
    """The names of ingredients and customised rules that the report does not show."""
    text = readable_text(report, fmt)
    missing = []
    for a in plan["authorities"]:
        titles = {r["id"]: r["title"] for i in a["ingredients"] for r in i["rules"]}
        names = [i["title"] for i in a["ingredients"] if i.get("title")]
        names += [titles[c["rule"]] for c in a.get("customisations", [])
                  if c.get("rule") in titles and titles[c["rule"]]]
        missing += [f"{a['id']}: {n!r}" for n in names if _flat(n) not in text]
    return missing


# What the writers put in place of the priority's number (REPORT_RANK_NOTE and
# report_rank_words in engine/report/report_values.h).
RANK_NOTE = "Actions are ranked by their impact for the effort they take"
RANK_WORDS = "Ranked by impact for effort"


def unexplained_priorities(report, fmt, plan):
    """Problems with how the report shows what ranks its actions: without --explain no
    priority number, and the note and each ordinary action's words are there."""
    text = readable_text(report, fmt)
    problems = []
    number = re.search(r"[Pp]riority:? ?[0-9]", text)
    if number:
        problems.append(f"a priority's number: ...{text[number.start():number.end() + 40]}...")
    if fmt == "html" and re.search(r"<th[^>]*>Priority</th>", report):
        problems.append("a Priority column")
    authorities = [a for a in plan["authorities"] if a["actions"]]
    if text.count(RANK_NOTE) != len(authorities):
        problems.append(f"the note on ranking shows {text.count(RANK_NOTE)} times, "
                        f"expected once for each of {len(authorities)} authorities with actions")
    ordinary = sum(not x["survival"] for a in plan["authorities"] for x in a["actions"])
    if text.count(RANK_WORDS) != ordinary:
        problems.append(f"{text.count(RANK_WORDS)} actions say what ranks them, "
                        f"expected {ordinary} (every one that is not a survival action)")
    return problems
