#!/usr/bin/env python3
"""The HTML report in a real browser: Debian's chromium, headless, loads a report of the
example assessment, and we check what a person would see. Usage: run.py SUSTAIN SOURCE_ROOT

- dom:       the page loads with no console message at all (our page has no script, so
             any message is a problem: a blocked request, a parse error), and the parsed
             page holds every authority, every action and two charts per authority;
- sections:  in the parsed page, each authority's actions to do first come first, the rest
             under their ingredient's heading, a survival action says so, and "How care
             leavers are doing" shows every context item of the JSON plan with its figures;
- percentages: every figure the JSON plan marks as a share ("share": true) reads as a
             percentage on the page, the JSON number times 100, rounded;
- blank:     a screenshot of the multi-authority report is not blank;
- charts:    a screenshot of a one-authority report shows the band scale's three colours
             and the radar's filled shape, at a size someone could read;
- a4:        printed to PDF, the pages are A4.
- names:     the three-authority example's page, as the browser parsed it, names every
             ingredient, rule and action and shows none of their ids (tests/names.py), the
             radar labels each spoke with its ingredient's title, and no action shows a bare
             priority number: the page says how actions are ranked, and each what its rank
             rests on.
- trend:     with a history (three runs of examples/three-authorities/history.ini recorded,
             then the 2024 plan), the plan page and `sustain history`'s page load with no
             console message, each authority has its trend chart, the plan's with a point
             per assessment, and the history page has the viewport of a phone;
- trend_screens: screenshots of the history page at 1280 and 390 pixels wide show the
             first chart's band tints and its overall line, within the screen at 390 and
             at a size someone could read.

Prints a summary in cmocka's form so tests/summary.py counts the cases. Without chromium
every case is skipped, visibly, with meson's skip status 77."""
import html
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cases import bad, finish, ok, skip  # noqa: E402  (tests/cases.py)
from names import leftover_ids, missing_names, unexplained_priorities  # noqa: E402

WINDOW = "1200,1600"
CASES = ["dom", "sections", "percentages", "blank", "charts", "a4", "names", "trend", "trend_screens"]

# The stylesheet's chart colours (engine/report/report_html.c), as a screenshot shows them.
SCALE_COLOURS = {"bottom band": (0xF4, 0xB5, 0xAE), "middle band": (0xFB, 0xD9, 0x9A),
                 "top band": (0xB9, 0xE3, 0xC4)}
# The trend chart's band tints (engine/report/report_html_trend.c) and its overall line.
TREND_TINTS = [(0xEE, 0xF8, 0xF0), (0xFE, 0xF6, 0xE6), (0xFC, 0xEC, 0xEA)]
TREND_LINE = (0x1A, 0x1A, 0x1A)
TREND_DATES = ("2021-03-31", "2022-09-30", "2023-03-31")
# The radar's fill, rgba(11, 79, 156, 0.2), over the white page.
RADAR_FILL = (206, 220, 235)
# Enough pixels of a colour that it is a shape, not a stray anti-aliased edge.
MIN_SHAPE_PIXELS = 400
# A4 in PostScript points, and how far a browser's rounding may stray from it.
A4_POINTS, A4_TOLERANCE = (595.28, 841.89), 2.0


def find_chromium():
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit if shutil.which(explicit) else None
    for name in ("chromium", "chromium-browser"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def chromium(browser, work, *arguments):
    """Runs headless chromium with a fresh profile and no network: any request for a
    host fails at once instead of reaching out. Returns (status, stdout, stderr)."""
    profile = tempfile.mkdtemp(dir=work, prefix="profile-")
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
               "--host-resolver-rules=MAP * ~NOTFOUND", *arguments]
    run = subprocess.run(command, capture_output=True, text=True, errors="replace",
                         timeout=90)
    return run.returncode, run.stdout, run.stderr


def sustain(executable, root, work, *arguments, example="starter"):
    """Runs `sustain run` on an example; returns its stdout. A plan with failed rules
    (status 3) is still a plan."""
    config = os.path.join(root, "examples", example, "assessment.ini")
    run = subprocess.run([executable, "run", config, *arguments], capture_output=True,
                         text=True, cwd=work, timeout=120)
    if run.returncode not in (0, 3):
        raise AssertionError(f"sustain run {' '.join(arguments)} exited {run.returncode}: "
                             f"{run.stderr[:600]}")
    return run.stdout


# {=========================================================================
# PNG decoding: just enough for chromium's screenshots (8-bit RGB or RGBA, no interlace).
# =========================================================================


def read_png(path):
    """Returns (width, height, rows): rows of (r, g, b) tuples."""
    with open(path, "rb") as file:
        data = file.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise AssertionError(f"{path} is not a PNG")
    position, compressed = 8, []
    width = height = channels = None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or interlace != 0 or colour not in (2, 6):
                raise AssertionError(f"unexpected PNG format: depth {depth}, colour {colour}")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            compressed.append(body)
        position += 12 + length
    raw = zlib.decompress(b"".join(compressed))
    stride = width * channels
    previous = bytearray(stride)
    rows = []
    for y in range(height):
        start = y * (stride + 1)
        line = unfilter(raw[start], bytearray(raw[start + 1:start + 1 + stride]), previous,
                        channels)
        rows.append([tuple(line[x:x + 3]) for x in range(0, stride, channels)])
        previous = line
    return width, height, rows


def unfilter(kind, line, previous, channels):
    """Undoes one scanline's PNG filter (RFC 2083, 6.2) in place."""
    if kind == 1:  # Sub
        for i in range(channels, len(line)):
            line[i] = (line[i] + line[i - channels]) & 0xFF
    elif kind == 2:  # Up
        line = bytearray((a + b) & 0xFF for a, b in zip(line, previous))
    elif kind == 3:  # Average
        for i in range(len(line)):
            left = line[i - channels] if i >= channels else 0
            line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
    elif kind == 4:  # Paeth
        for i in range(len(line)):
            a = line[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
    return line


def close(pixel, colour, tolerance=3):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour))


def screenshot(browser, work, page, name, window=WINDOW):
    path = os.path.join(work, name)
    status, _, errors = chromium(browser, work, "--screenshot=" + path, "--hide-scrollbars",
                                 "--window-size=" + window, "file://" + page)
    if status != 0 or not os.path.exists(path):
        raise AssertionError(f"no screenshot (status {status}): {errors[-600:]}")
    return read_png(path)


# }=========================================================================

# {=========================================================================
# The cases. Each raises AssertionError with what it saw.
# =========================================================================


def check_dom(browser, work, context):
    status, dom, log = chromium(browser, work, "--enable-logging=stderr", "--v=0",
                                "--dump-dom", "file://" + context["report"])
    if status != 0:
        raise AssertionError(f"chromium exited {status}: {log[-600:]}")
    console = [line for line in log.splitlines() if ":CONSOLE" in line]
    if console:
        raise AssertionError("console messages:\n" + "\n".join(console[:10]))
    text = html.unescape(dom)
    plan = context["plan"]
    for authority in plan["authorities"]:
        if authority["name"] not in text:
            raise AssertionError(f"authority {authority['name']!r} is not on the page")
        for action in authority["actions"]:
            if action["title"] not in text:
                raise AssertionError(f"action {action['title']!r} is not on the page")
    charts = len(re.findall(r"<svg\b[^>]*\brole=\"img\"", dom))
    expected = sum(2 if a["ingredients"] else 1 for a in plan["authorities"])
    if charts != expected:
        raise AssertionError(f"{charts} charts on the page, expected {expected}")
    if len(plan["authorities"]) > 1 and 'id="comparison"' not in dom:
        raise AssertionError("a multi-authority report has no comparison section")
    for url in re.findall(r"\b(?:src|href)=\"([^\"]*)\"", dom):
        if "//" in url:
            raise AssertionError(f"the page refers to an outside resource: {url}")


def parts_of(section):
    """The h3 parts of an authority's section: {heading: the markup up to the next h3},
    character references resolved (a browser's serialisation chooses its own)."""
    pieces = re.split(r"<h3[^>]*>(.*?)</h3>", section)
    return {html.unescape(pieces[i]): html.unescape(pieces[i + 1]) for i in range(1, len(pieces) - 1, 2)}


def authority_sections(browser, work, context):
    """The markup of each authority's section of the report as the browser parsed it."""
    status, dom, log = chromium(browser, work, "--dump-dom", "file://" + context["report"])
    if status != 0:
        raise AssertionError(f"chromium exited {status}: {log[-600:]}")
    return re.findall(r'<section class="authority".*?</section>\s*(?=<section class="authority"|<section id="errors"|</main>)',
                      dom, re.S)


def check_sections(browser, work, context):
    sections = authority_sections(browser, work, context)
    plan = context["plan"]
    if len(sections) != len(plan["authorities"]):
        raise AssertionError(f"{len(sections)} authority sections, expected {len(plan['authorities'])}")
    for authority, section in zip(plan["authorities"], sections):
        name, parts = authority["name"], parts_of(section)
        order = [h for h in parts if h in ("Do first", "The rest of the plan, by ingredient",
                                          "How care leavers are doing")]
        rest = any(not a["first"] for a in authority["actions"])
        expected = ["Do first"] + (["The rest of the plan, by ingredient"] if rest else []) + \
            (["How care leavers are doing"] if authority["context"] else [])
        if order != expected:
            raise AssertionError(f"{name}: parts {order}, expected {expected}")
        titles = {i["id"]: i.get("title") or i["id"] for i in authority["ingredients"]}
        for action in authority["actions"]:
            title = action["title"]
            where = "Do first" if action["first"] else "The rest of the plan, by ingredient"
            if title not in parts[where]:
                raise AssertionError(f"{name}: {action['title']!r} is not under {where!r}")
            if not action["first"]:
                # under its ingredient's own heading: the last h4 before it names it
                before = parts[where][:parts[where].index(title)]
                heading = re.findall(r"<h4>(.*?)</h4>", before)[-1]
                if heading != titles[action["ingredient"]]:
                    raise AssertionError(f"{name}: {action['title']!r} is under {heading!r}")
            badge = "keeps the service going</span>"
            row = parts[where][parts[where].index(title):].split("</tr>")[0]
            if (badge in row) != action["survival"]:
                raise AssertionError(f"{name}: {action['title']!r}: survival badge wrong")
            if "Found by: " not in row:
                raise AssertionError(f"{name}: {action['title']!r} does not say who found it")
        shown = parts.get("How care leavers are doing", "")
        for item in authority["context"]:
            if f"<h4>{item['title']}</h4>" not in shown:
                raise AssertionError(f"{name}: context {item['title']!r} is not shown")
            for evidence in item["evidence"]:
                if evidence["label"] not in shown:
                    raise AssertionError(f"{name}: figure {evidence['label']!r} is not shown")


def check_percentages(browser, work, context):
    sections = authority_sections(browser, work, context)
    checked = 0
    for authority, section in zip(context["plan"]["authorities"], sections):
        text = html.unescape(section)
        items = authority["context"] + [r for i in authority["ingredients"] for r in i["rules"]]
        for evidence in (e for item in items for e in item["evidence"]):
            if not evidence.get("share") or not isinstance(evidence["value"], (int, float)):
                continue
            shown = re.findall(re.escape(f"<li>{evidence['label']}: ") + r"([^<]*)</li>", text)
            if not shown:
                raise AssertionError(f"{authority['name']}: share {evidence['label']!r} is not shown")
            # one label may name figures of several items (England's, beside each measure):
            # each reads as a percentage, and one of them is this share's
            numbers = [re.fullmatch(r"([<>]?)(\d+(?:\.\d+)?)%", figure) for figure in shown]
            if not all(numbers):
                raise AssertionError(f"{authority['name']}: {evidence['label']!r} reads "
                                     f"{shown}, not as a percentage")
            # the JSON number is rounded to four decimals; the page rounds the figure itself
            if not any(abs(float(n.group(2)) - 100 * evidence["value"]) <= 0.51 for n in numbers):
                raise AssertionError(f"{authority['name']}: {evidence['label']!r} reads "
                                     f"{shown}, for the share {evidence['value']}")
            checked += 1
    if checked == 0:
        raise AssertionError("the plan has no share to look for")


def check_blank(browser, work, context):
    width, height, rows = screenshot(browser, work, context["report"], "report.png")
    coloured = sum(1 for row in rows for pixel in row if not close(pixel, (255, 255, 255), 8))
    share = coloured / (width * height)
    colours = len({pixel for row in rows[::8] for pixel in row[::8]})
    if share < 0.02 or colours < 20:
        raise AssertionError(f"the screenshot looks blank: {share:.1%} of pixels not white, "
                             f"{colours} colours")


def check_charts(browser, work, context):
    width, height, rows = screenshot(browser, work, context["single"], "single.png")
    counts = {name: 0 for name in SCALE_COLOURS}
    radar = []
    for y, row in enumerate(rows):
        for x, pixel in enumerate(row):
            for name, colour in SCALE_COLOURS.items():
                if close(pixel, colour):
                    counts[name] += 1
            if close(pixel, RADAR_FILL, 2):
                radar.append((x, y))
    missing = [name for name, count in counts.items() if count < MIN_SHAPE_PIXELS]
    if missing:
        raise AssertionError(f"the band scale is not drawn: pixels per colour {counts}")
    if len(radar) < MIN_SHAPE_PIXELS:
        raise AssertionError(f"the radar's shape is not drawn: {len(radar)} pixels of its fill")
    xs, ys = [x for x, _ in radar], [y for _, y in radar]
    span = (max(xs) - min(xs), max(ys) - min(ys))
    if min(span) < 30:
        raise AssertionError(f"the radar's shape is too small to read: {span[0]}x{span[1]} px")
    context["radar"] = f"radar shape {span[0]}x{span[1]} px at ({min(xs)}, {min(ys)})"


def check_a4(browser, work, context):
    pdf = os.path.join(work, "report.pdf")
    status, _, log = chromium(browser, work, "--no-pdf-header-footer", "--print-to-pdf=" + pdf,
                              "file://" + context["report"])
    if status != 0 or not os.path.exists(pdf):
        raise AssertionError(f"no PDF (status {status}): {log[-600:]}")
    with open(pdf, "rb") as file:
        data = file.read()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    if not boxes:
        raise AssertionError("the PDF has no page sizes")
    for width, height in boxes:
        size = (float(width), float(height))
        if any(abs(a - b) > A4_TOLERANCE for a, b in zip(size, A4_POINTS)):
            raise AssertionError(f"a page is {size[0]:.1f} x {size[1]:.1f} pt, not A4")


def check_names(browser, work, context):
    status, dom, log = chromium(browser, work, "--dump-dom", "file://" + context["three"])
    if status != 0:
        raise AssertionError(f"chromium exited {status}: {log[-600:]}")
    plan = context["three_plan"]
    problems = leftover_ids(dom, "html", plan) + missing_names(dom, "html", plan) + \
        unexplained_priorities(dom, "html", plan)
    # each spoke's label is its ingredient's title, wrapped over the label's lines
    labels = [" ".join(re.findall(r'<tspan class="name"[^>]*>(.*?)</tspan>', text))
              for text in re.findall(r'<text class="label".*?</text>', dom, re.S)]
    titles = [i["title"] for a in plan["authorities"] for i in a["ingredients"]]
    if [html.unescape(label) for label in labels] != titles:
        problems.append(f"radar labels {labels[:5]}, expected the titles {titles[:5]}")
    if problems:
        raise AssertionError("\n".join(problems[:10]))


def trend_pages(executable, root, work, context):
    """The plan of 2024 and the history page, in HTML, after three runs recorded into a
    history in work; made once, for both trend cases."""
    if "trend_plan" in context:
        return
    example = os.path.join(root, "examples", "three-authorities")
    folder = os.path.join(work, "three-authorities")
    for part in ("data", "local"):
        shutil.copytree(os.path.join(example, part), os.path.join(folder, part))
    with open(os.path.join(example, "history.ini"), encoding="utf-8") as file:
        text = file.read()
    text = text.replace("../../rules/ingredients", os.path.join(root, "rules", "ingredients"))
    text = text.replace("../../build/three-authorities-history.db", os.path.join(work, "h.db"))
    ini = os.path.join(folder, "history.ini")
    with open(ini, "w", encoding="utf-8") as file:
        file.write(text)
    for date in TREND_DATES:
        run = subprocess.run([executable, "run", ini, "--date", date], capture_output=True,
                             text=True, timeout=120)
        if run.returncode not in (0, 3):
            raise AssertionError(f"run --date {date}: {run.stderr[:600]}")
    context["trend_plan"] = os.path.join(work, "trend-plan.html")
    context["trend_history"] = os.path.join(work, "trend-history.html")
    for command, output in ((["run", ini, "--date", "2024-03-31"], context["trend_plan"]),
                            (["history", ini], context["trend_history"])):
        run = subprocess.run([executable, *command, "--format", "html", "--output", output],
                             capture_output=True, text=True, timeout=120)
        if run.returncode not in (0, 3):
            raise AssertionError(f"{' '.join(command[:1])}: {run.stderr[:600]}")


def check_trend(browser, work, context):
    trend_pages(context["sustain"], context["root"], work, context)
    points = len(TREND_DATES) + 1  # the runs recorded and the plan of 2024, recorded too
    for page in (context["trend_plan"], context["trend_history"]):
        status, dom, log = chromium(browser, work, "--enable-logging=stderr", "--v=0",
                                    "--dump-dom", "file://" + page)
        if status != 0:
            raise AssertionError(f"chromium exited {status}: {log[-600:]}")
        console = [line for line in log.splitlines() if ":CONSOLE" in line]
        if console:
            raise AssertionError(f"{page}: console messages:\n" + "\n".join(console[:10]))
        charts = re.findall(r'<svg class="trend".*?</svg>', dom, re.S)
        drawn = [len(re.findall(r'<circle class="trend-overall"', svg)) for svg in charts]
        if drawn != [points] * 3:
            raise AssertionError(f"{page}: points per trend chart {drawn}, expected {points}")
    if 'name="viewport" content="width=device-width, initial-scale=1"' not in dom:
        raise AssertionError("the history page has no viewport for phones")


def tint_box(rows):
    """The first trend chart's band tints on a screenshot: (left, top, right, bottom) and the
    pixels of the overall line inside, or None."""
    found = [(x, y) for y, row in enumerate(rows) for x, pixel in enumerate(row)
             if any(close(pixel, tint, 2) for tint in TREND_TINTS)]
    if len(found) < MIN_SHAPE_PIXELS:
        return None
    top = min(y for _, y in found)
    found = [(x, y) for x, y in found if y < top + 500]  # this chart, not the next one
    box = (min(x for x, _ in found), top, max(x for x, _ in found), max(y for _, y in found))
    line = sum(1 for y in range(box[1], box[3] + 1) for x in range(box[0], box[2] + 1)
               if close(rows[y][x], TREND_LINE, 24))
    return box, line


def check_trend_screens(browser, work, context):
    trend_pages(context["sustain"], context["root"], work, context)
    sizes = []
    for window, least in (("1280,1100", 500), ("390,1400", 250)):
        width, _, rows = screenshot(browser, work, context["trend_history"],
                                    f"trend-{window.split(',')[0]}.png", window)
        found = tint_box(rows)
        if not found:
            raise AssertionError(f"at {window}: the trend chart's band tints are not drawn")
        (left, top, right, bottom), line = found
        if right - left < least or bottom - top < least // 3 or right >= width - 1:
            raise AssertionError(f"at {window}: the chart is {right - left}x{bottom - top} px "
                                 f"from x {left} to {right} on a {width} px screen")
        if line < 150:
            raise AssertionError(f"at {window}: the overall line is not drawn ({line} px)")
        sizes.append(f"{window.split(',')[0]} px: chart {right - left}x{bottom - top} px")
    context["trend"] = "; ".join(sizes)


# }=========================================================================


def main():
    if len(sys.argv) != 3:
        print("usage: run.py SUSTAIN SOURCE_ROOT", file=sys.stderr)
        return 2
    executable, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    print(f"[==========] Running {len(CASES)} test(s).")
    browser = find_chromium()
    if not browser:
        for name in CASES:
            skip(name, "chromium is not installed (apt-get install chromium, as .ci/run does)")
        return finish()

    work = tempfile.mkdtemp(prefix="sustain-browser-")
    try:
        context = {"plan": json.loads(sustain(executable, root, work, "--format", "json"))}
        context["report"] = os.path.join(work, "report.html")
        sustain(executable, root, work, "--format", "html", "--output", context["report"])
        first = context["plan"]["authorities"][0]["id"]
        context["single"] = os.path.join(work, "single.html")
        sustain(executable, root, work, "--format", "html", "--authority", first,
                "--output", context["single"])
        context["three_plan"] = json.loads(sustain(executable, root, work, "--format", "json",
                                                   example="three-authorities"))
        context["three"] = os.path.join(work, "three.html")
        sustain(executable, root, work, "--format", "html", "--output", context["three"],
                example="three-authorities")
    except (AssertionError, subprocess.TimeoutExpired, OSError, ValueError) as problem:
        for name in CASES:
            bad(name, f"setup: {problem}", f"(files kept in {work})")
        return finish()
    checks = {"dom": check_dom, "sections": check_sections, "percentages": check_percentages,
              "blank": check_blank,
              "charts": check_charts, "a4": check_a4, "names": check_names, "trend": check_trend,
              "trend_screens": check_trend_screens}
    context["sustain"], context["root"] = executable, root
    for name in CASES:
        print(f"[ RUN      ] {name}", flush=True)
        try:
            checks[name](browser, work, context)
            ok(name)
        except (AssertionError, subprocess.TimeoutExpired, OSError) as problem:
            bad(name, *str(problem).splitlines(), f"(files kept in {work})")
    for measured in ("radar", "trend"):
        if measured in context:
            print(f"    ({context[measured]})")
    status = finish()
    if status == 0:
        shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
