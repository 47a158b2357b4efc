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
- a4:        printed to PDF, the pages are A4;
- names:     the three-authority example's page, as the browser parsed it, names every
             ingredient, rule and action and shows none of their ids (tests/names.py), the
             radar labels each spoke with its ingredient's title, and no action shows a bare
             priority number: the page says how actions are ranked, and each what its rank
             rests on;
- trend:     with a history (three runs of examples/three-authorities/history.ini recorded,
             then the 2024 plan), the plan page and `sustain history`'s page load with no
             console message, each authority has its trend chart, the plan's with a point
             per assessment, and the history page has the viewport of a phone;
- trend_screens: screenshots of the history page at 1280 and 390 pixels wide show the
             first chart's band tints and its overall line, within the screen at 390 and
             at a size someone could read;
- print:     the three-authority example printed to PDF: each authority's summary is one
             page of its own (its name heads the page, the appendix starts the next one),
             the whole plan stays within a page budget, and nothing is wider than the
             page (chromium would shrink the whole print), with --explain's wider
             evidence tables too; the longest summary, its authority alone, shares
             page 1 with the title;
- phone:     at 390 px wide no table runs off the screen (it fits, or scrolls in its own
             box that shows a cue), the page never scrolls sideways, and every chart's
             text renders at 11 px or more, inside its chart; and so at 1280 px;
- screenshots: the three-authority example at 1280 and at 390 px wide, saved under the
             build folder (browser-screenshots/) to look at, and not blank;
- benchmarks: in the three-authority example's report, each benchmark of the JSON plan
             is shown with its rank and quartile (or why it has none), a bar chart whose
             <title> and <desc> say every figure, a table with the same figures and ranks
             as the JSON plan, and a line chart of the years with its table;
- benchmark_bars: a screenshot at a phone's width (390 px) shows the authority's own bar
             and the neighbours' bars.

Prints a summary in cmocka's form so tests/summary.py counts the cases. Without chromium
every case is skipped, visibly, with meson's skip status 77; without poppler-utils'
pdftotext, the print case is."""
import decimal
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
CASES = ["dom", "sections", "percentages", "blank", "charts", "a4", "names", "trend",
         "trend_screens", "print", "phone", "screenshots", "benchmarks", "benchmark_bars"]

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
# The benchmark bars' colours (report_html.c's stylesheet): the authority's, a neighbour's.
OWN_BAR, NEIGHBOUR_BAR = (0x0B, 0x4F, 0x9C), (0x8F, 0xB3, 0xDC)
# A4 in PostScript points, and how far a browser's rounding may stray from it.
A4_POINTS, A4_TOLERANCE = (595.28, 841.89), 2.0
# The printed three-authority plan: its pages at most (a page for the comparison, then per
# authority a summary page and an appendix of the full plan, its benchmarks two or three
# to a page, its figures and evidence; 26 when this was written, 21 before the twelve
# benchmarks), and the page's right margin in points (12 mm).
PRINT_PAGE_BUDGET = 27
# A word's box in pdftotext is its font's ascent and descent: DejaVu Sans, chromium's
# sans-serif on Debian, is 1.164 times its size. A print scale under 0.97 is a page shrunk.
TITLE_LINE_BOX, MIN_PRINT_SCALE = 1.164, 0.97
# A phone's width in CSS pixels, and the smallest chart text that reads on it.
PHONE_WIDTH, MIN_CHART_TEXT_PX = 390, 11.0
# Headless chromium's window is at least 500 px wide, so the phone is an iframe this wide.
PHONE_HEIGHT, DESKTOP_WIDTH, SCREENSHOT_HEIGHT = 2400, 1280, 2400


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


def write_png(path, rows):
    """Writes rows of (r, g, b) tuples as an 8-bit RGB PNG, unfiltered."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + \
            struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes(v for pixel in row for v in pixel) for row in rows)
    header = struct.pack(">IIBBBBB", len(rows[0]), len(rows), 8, 2, 0, 0, 0)
    with open(path, "wb") as file:
        file.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) +
                   chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


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


class Skipped(Exception):
    """A case that cannot run here, and why."""


def print_to_pdf(browser, work, page, name):
    pdf = os.path.join(work, name)
    status, _, log = chromium(browser, work, "--no-pdf-header-footer", "--print-to-pdf=" + pdf,
                              "file://" + page)
    if status != 0 or not os.path.exists(pdf):
        raise AssertionError(f"no PDF of {os.path.basename(page)} (status {status}): {log[-600:]}")
    return pdf


def pdf_pages(pdf):
    """Each page's text, its white space collapsed to single spaces."""
    run = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True,
                         errors="replace", timeout=60, check=True)
    return [" ".join(page.split()) for page in run.stdout.split("\f")[:-1]]


def print_scale(pdf, report):
    """How much chromium shrank the printed page: it scales the whole document down to
    fit the paper when anything is wider than the page (so nothing is cut off, but every
    column prints smaller). The title's first word is as high as its font's ascent and
    descent, about 1.16 times its size in the stylesheet's print rules; 1 when unshrunk."""
    with open(report, encoding="utf-8") as file:
        size = re.search(r"@media print\{.*?h1\{font-size:([\d.]+)pt", file.read(), re.S)
    if not size:
        raise AssertionError("the stylesheet gives the title no print size")
    run = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", pdf, "-"],
                         capture_output=True, text=True, errors="replace", timeout=60, check=True)
    word = re.search(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"',
                     run.stdout)
    if not word:
        raise AssertionError("the first printed page has no words")
    return (float(word.group(2)) - float(word.group(1))) / (TITLE_LINE_BOX * float(size.group(1)))


def check_print(browser, work, context):
    if not shutil.which("pdftotext"):
        raise Skipped("pdftotext is not installed (apt-get install poppler-utils, as .ci/run does)")
    pages = pdf_pages(print_to_pdf(browser, work, context["three"], "three.pdf"))
    if len(pages) > PRINT_PAGE_BUDGET:
        raise AssertionError(f"the three-authority plan prints on {len(pages)} A4 pages, "
                             f"more than {PRINT_PAGE_BUDGET}")
    if "Comparison of authorities" not in pages[0]:
        raise AssertionError("the first page does not hold the comparison")
    found = []
    for authority in context["three_plan"]["authorities"]:
        name = authority["name"]
        starts = [i for i, text in enumerate(pages) if text.startswith(name + " Authority ")]
        if len(starts) != 1:
            raise AssertionError(f"{name}: {len(starts)} pages start with its summary, expected 1")
        summary, i = pages[starts[0]], starts[0]
        for needed in ("What we found and what we will do", "Ingredients", "Failed"):
            if needed not in summary:
                raise AssertionError(f"{name}: its summary page (page {i + 1}) lacks {needed!r}")
        for ingredient in authority["ingredients"]:
            score = "not assessed" if ingredient["score"] is None else \
                str(decimal.Decimal(repr(ingredient["score"])).quantize(
                    decimal.Decimal("0.1"), decimal.ROUND_HALF_UP))  # as report_values.c
            if score not in summary:
                raise AssertionError(f"{name}: score {score} of {ingredient['id']} is not on "
                                     f"its summary page (page {i + 1})")
        for action in (a for a in authority["actions"] if a["first"]):
            if f"{' '.join(action['owner'].split())})" not in summary:  # "(led by the OWNER)"
                raise AssertionError(f"{name}: the summary page (page {i + 1}) does not say who "
                                     f"leads {action['title']!r}")
        appendix = f"{name}: the full plan and the evidence behind it"
        if i + 1 >= len(pages) or not pages[i + 1].startswith(appendix):
            raise AssertionError(f"{name}: the summary runs over its page: page {i + 2} starts "
                                 f"{pages[i + 1][:80] if i + 1 < len(pages) else 'nowhere'!r}")
        found.append(i + 1)
    if found != sorted(found):
        raise AssertionError(f"the summaries are on pages {found}, out of the plan's order")
    alone = pdf_pages(print_to_pdf(browser, work, context["three_one"], "three-one.pdf"))
    name = context["longest"]["name"]
    if name not in alone[0] or len(alone) < 2 or \
            not alone[1].startswith(f"{name}: the full plan and the evidence behind it"):
        raise AssertionError(f"{name} alone: its summary does not fit the first page with the "
                             f"title; page 2 starts {alone[1][:80] if len(alone) > 1 else ''!r}")
    # --explain's evidence tables have three more columns
    explain = print_to_pdf(browser, work, context["three_explain"], "three-explain.pdf")
    for report, pdf in ((context["three"], os.path.join(work, "three.pdf")),
                        (context["three_explain"], explain)):
        scale = print_scale(pdf, report)
        if scale < MIN_PRINT_SCALE:
            raise AssertionError(f"{os.path.basename(report)} is wider than A4: chromium "
                                 f"printed it at {scale:.0%} of its size")
    context["print"] = f"printed on {len(pages)} A4 pages, summaries on pages {found}"


# What the phone case measures in the report, from the page around it: the report is in an
# iframe (srcdoc: the same origin, so this page's script can read it) and its own CSP, which
# forbids scripts in it, stays as written.
PHONE_PROBE = """<!DOCTYPE html><html><head><meta charset="utf-8"><script>
function measure(frame) {
  const doc = frame.contentDocument, win = frame.contentWindow, root = doc.documentElement;
  for (const fold of doc.querySelectorAll("details")) fold.open = true;  /* as a reader would */
  const out = {viewport: root.clientWidth, page: root.scrollWidth, tables: [], texts: []};
  for (const table of doc.querySelectorAll("table")) {
    if (!table.getClientRects().length) { out.unseen = (out.unseen || 0) + 1; continue; }
    const wrap = table.closest(".table-wrap"), style = wrap && win.getComputedStyle(wrap);
    out.tables.push({kind: table.className || table.rows[0].textContent.slice(0, 40),
      right: table.getBoundingClientRect().right,
      box: wrap && wrap.getBoundingClientRect().right,
      scrolls: !!wrap && ["auto", "scroll"].includes(style.overflowX),
      cue: !!wrap && style.backgroundImage.includes("gradient")});
  }
  for (const text of doc.querySelectorAll("svg text, svg tspan")) {
    if (!text.getClientRects().length) continue;  /* not shown at this width */
    const view = text.ownerSVGElement.viewBox.baseVal, box = text.getBBox();
    out.texts.push({text: text.textContent.slice(0, 40),
      px: parseFloat(win.getComputedStyle(text).fontSize) * text.getScreenCTM().a,
      inside: box.x >= -1 && box.y >= -1 && box.x + box.width <= view.width + 1 &&
              box.y + box.height <= view.height + 1});
  }
  const pre = document.createElement("pre");
  pre.id = "measured";
  pre.textContent = JSON.stringify(out);
  document.body.append(pre);
}
</script></head><body style="margin:0">
<iframe style="border:0;width:WIDTHpx;height:HEIGHTpx" onload="ONLOAD" srcdoc="REPORT"></iframe>
</body></html>"""


def phone_page(context, work, name, measure, width=PHONE_WIDTH):
    """A page showing the three-authority report in a frame `width` pixels wide."""
    with open(context["three"], encoding="utf-8") as file:
        report = file.read()
    page = os.path.join(work, name)
    with open(page, "w", encoding="utf-8") as file:
        file.write(PHONE_PROBE.replace("WIDTH", str(width))
                   .replace("HEIGHT", str(PHONE_HEIGHT))
                   .replace("ONLOAD", "measure(this)" if measure else "")
                   .replace("REPORT", html.escape(report, quote=True)))
    return page


def layout_problems(browser, work, context, width):
    """What runs off a screen `width` pixels wide, or reads too small; and the measures."""
    page = phone_page(context, work, f"probe-{width}.html", True, width)
    status, dom, log = chromium(browser, work, "--hide-scrollbars", "--dump-dom", "file://" + page)
    measured = re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S)
    if status != 0 or not measured:
        raise AssertionError(f"nothing measured at {width} px (status {status}): {log[-600:]}")
    out = json.loads(html.unescape(measured.group(1)))
    problems = []
    if out["viewport"] != width:
        problems.append(f"the frame is {out['viewport']} px wide, not {width}")
    if out["page"] > out["viewport"]:
        problems.append(f"the page scrolls sideways: {out['page']} px wide")
    limit = out["viewport"] + 0.5
    for table in out["tables"]:
        if table["right"] <= limit:
            continue
        if not (table["scrolls"] and table["cue"] and table["box"] <= limit):
            problems.append(f"table {table['kind']!r} runs off the screen to "
                            f"{table['right']:.0f} px, not in a scrolling box with a cue")
    for text in out["texts"]:
        if text["px"] < MIN_CHART_TEXT_PX:
            problems.append(f"chart text {text['text']!r} renders at {text['px']:.1f} px")
        if not text["inside"]:
            problems.append(f"chart text {text['text']!r} is cut off at its chart's edge")
    if not out["texts"]:
        problems.append("no chart text was measured")
    if out.get("unseen"):
        problems.append(f"{out['unseen']} tables are not shown, so not measured")
    return [f"at {width} px: {problem}" for problem in problems], out


def check_phone(browser, work, context):
    problems, out = layout_problems(browser, work, context, PHONE_WIDTH)
    # the same rules hold on a desktop screen
    problems += layout_problems(browser, work, context, DESKTOP_WIDTH)[0]
    if problems:
        raise AssertionError("\n".join(problems[:12]))
    scrolling = [t["kind"] for t in out["tables"] if t["right"] > out["viewport"] + 0.5]
    context["phone"] = (f"{len(out['tables'])} tables at {PHONE_WIDTH} px, scrolling in their "
                        f"box: {scrolling or 'none'}; smallest chart text "
                        f"{min(t['px'] for t in out['texts']):.1f} px")


def not_blank(rows, what):
    width, height = len(rows[0]), len(rows)
    coloured = sum(1 for row in rows for pixel in row if not close(pixel, (255, 255, 255), 8))
    if coloured / (width * height) < 0.02:
        raise AssertionError(f"the {what} screenshot looks blank")


def check_screenshots(browser, work, context):
    folder = context["screenshots"]
    os.makedirs(folder, exist_ok=True)
    _, _, rows = screenshot(browser, work, context["three"], "desktop.png",
                            f"{DESKTOP_WIDTH},{SCREENSHOT_HEIGHT}")
    not_blank(rows, "desktop")
    shutil.copy(os.path.join(work, "desktop.png"), os.path.join(folder, "desktop-1280.png"))
    page = phone_page(context, work, "phone.html", False)
    _, _, rows = screenshot(browser, work, page, "phone-window.png",
                            f"{PHONE_WIDTH + 110},{PHONE_HEIGHT}")
    rows = [row[:PHONE_WIDTH] for row in rows]  # the frame alone: the phone's screen
    not_blank(rows, "phone")
    write_png(os.path.join(folder, "phone-390.png"), rows)


def percent(value):
    """A benchmark figure as every writer shows it (report_benchmark_percent): one decimal
    at most, rounded half away from zero; "c" when suppressed, words when not published."""
    if value == "c":
        return "c"
    if value is None:
        return "not published"
    rounded = decimal.Decimal(repr(value)).quantize(decimal.Decimal("0.1"), decimal.ROUND_HALF_UP)
    return f"{rounded.normalize():f}%"


def benchmark_rows(benchmark):
    """The comparison table's rows as the JSON plan has them: (name, figure, rank)."""
    rows = [(benchmark["authority"]["name"], percent(benchmark["authority"]["value"]),
             benchmark["authority"]["rank"])]
    rows += [(n["name"], percent(n["value"]), n["rank"]) for n in benchmark["neighbours"]]
    if benchmark["neighbours"]:
        rows.append(("Neighbours' average", percent(benchmark["neighbour_average"]), None))
    if benchmark["region"]:
        rows.append((benchmark["region"]["name"], percent(benchmark["region"]["value"]), None))
    rows.append(("England", percent(benchmark["england"]), None))
    return rows


def cell_text(markup):
    return html.unescape(re.sub(r"<[^>]+>", " ", markup)).split()


def check_one_benchmark(name, benchmark, div):
    label = f"{name}: {benchmark['id']}"
    standing = re.search(r'<p class="standing">(.*?)</p>', div, re.S).group(1)
    if benchmark["authority"]["rank"]:
        wanted = f"Rank {benchmark['authority']['rank']} of {benchmark['ranked']} "
        if wanted not in standing:
            raise AssertionError(f"{label}: the standing {standing!r} lacks {wanted!r}")
        if benchmark["quartile"] and f"quartile {benchmark['quartile']} (" not in standing:
            raise AssertionError(f"{label}: the standing {standing!r} lacks quartile {benchmark['quartile']}")
    elif not standing.startswith("Not ranked: "):
        raise AssertionError(f"{label}: no rank in the plan, but the page says {standing!r}")
    if "Rank 1 is the highest figure" not in div or "A (best quarter) to D (bottom quarter)" not in div:
        raise AssertionError(f"{label}: the page does not say how to read the rank and quartile")
    svgs = re.findall(r'<svg class="benchmark-(bars|lines)"[^>]*aria-labelledby="([^" ]+) ([^"]+)"[^>]*>(.*?)</svg>', div, re.S)
    kinds = [kind for kind, *_ in svgs]
    expected = ["bars"] + (["lines"] if len(benchmark["trend"]) >= 2 else [])
    if kinds != expected:
        raise AssertionError(f"{label}: charts {kinds}, expected {expected}")
    for kind, title_id, desc_id, body in svgs:
        title = re.search(rf'<title id="{title_id}">(.*?)</title>', body, re.S)
        desc = re.search(rf'<desc id="{desc_id}">(.*?)</desc>', body, re.S)
        if not title or not desc or not desc.group(1).strip():
            raise AssertionError(f"{label}: the {kind} chart has no title or description")
        words = html.unescape(desc.group(1))
        if kind == "bars":
            for place, figure, rank in benchmark_rows(benchmark):
                said = f"{place} ("
                if said not in words or figure not in words.split(said, 1)[1][:120]:
                    raise AssertionError(f"{label}: the chart's words do not give {place} {figure}")
            drawn = len(re.findall(r'<rect class="bar ', body))
            with_figure = sum(1 for _, figure, _ in benchmark_rows(benchmark) if figure.endswith("%"))
            if drawn != with_figure:
                raise AssertionError(f"{label}: {drawn} bars for {with_figure} figures")
    table = re.search(r'<table class="benchmark-table"[^>]*>(.*?)</table>', div, re.S).group(1)
    rows = re.findall(r"<tr[^>]*><th scope=\"row\">(.*?)</th><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td></tr>", table, re.S)
    expected_rows = benchmark_rows(benchmark)
    if len(rows) != len(expected_rows):
        raise AssertionError(f"{label}: the table has {len(rows)} rows, the plan {len(expected_rows)}")
    for (head, figure, rank), (place, want, want_rank) in zip(rows, expected_rows):
        shown = html.unescape(re.sub(r"<small.*", "", head, flags=re.S)).strip()
        if shown != place or html.unescape(figure) != want or rank != (str(want_rank) if want_rank else "-"):
            raise AssertionError(f"{label}: the table shows {shown!r} {figure!r} rank {rank!r}, "
                                 f"the plan {place!r} {want!r} rank {want_rank}")
    trend = re.search(r'<table class="benchmark-trend"[^>]*>(.*?)</table>', div, re.S)
    if benchmark["trend"] and not trend:
        raise AssertionError(f"{label}: the years are not tabulated")
    for year in benchmark["trend"]:
        row = re.search(rf'<tr><th scope="row">{year["year"]}</th>(.*?)</tr>', trend.group(1), re.S)
        cells = [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))] if row else []
        want = [percent(year[k]) for k in ("authority", "neighbour_average", "region", "england")]
        if cells != want:
            raise AssertionError(f"{label}: {year['year']} reads {cells}, the plan {want}")


def check_benchmarks(browser, work, context):
    status, dom, log = chromium(browser, work, "--dump-dom", "file://" + context["three"])
    if status != 0:
        raise AssertionError(f"chromium exited {status}: {log[-600:]}")
    checked = 0
    for authority in context["three_plan"]["authorities"]:
        benchmarks = [b for item in authority["context"] for b in item.get("benchmarks", [])]
        section = dom.split(f'aria-labelledby="authority-{authority_index(context, authority)}-heading"')[1]
        section = section.split('<section class="authority"')[0]
        divs = re.findall(r'<div class="benchmark" id="[^"]+" data-benchmark="([^"]+)">(.*?)(?=<div class="benchmark"|<h3)', section, re.S)
        if [d for d, _ in divs] != [b["id"] for b in benchmarks]:
            raise AssertionError(f"{authority['name']}: benchmarks {[d for d, _ in divs]} on the page, "
                                 f"{[b['id'] for b in benchmarks]} in the plan")
        for benchmark, (_, div) in zip(benchmarks, divs):
            check_one_benchmark(authority["name"], benchmark, div)
            checked += 1
    if checked == 0:
        raise AssertionError("the three-authority plan has no benchmark")
    context["benchmarks"] = f"{checked} benchmarks checked against the JSON plan"


def authority_index(context, authority):
    return context["three_plan"]["authorities"].index(authority) + 1


def check_benchmark_bars(browser, work, context):
    path = os.path.join(work, "phone.png")
    status, _, errors = chromium(browser, work, "--screenshot=" + path, "--window-size=390,16000",
                                 "file://" + context["three_single"])
    if status != 0 or not os.path.exists(path):
        raise AssertionError(f"no screenshot (status {status}): {errors[-600:]}")
    width, _, rows = read_png(path)
    # the neighbours' colour is the benchmarks' own; the authority's is also the links',
    # so it is counted only on the lines that hold a neighbour's bar
    # so it is counted only among the bars: within a few bars of a neighbour's
    bar_rows = [y for y, row in enumerate(rows)
                if sum(1 for pixel in row if close(pixel, NEIGHBOUR_BAR, 2)) > 20]
    near = {y for bar in bar_rows for y in range(bar - 40, bar + 40)}
    own = sum(1 for y in near if 0 <= y < len(rows) for pixel in rows[y] if close(pixel, OWN_BAR, 2))
    if len(bar_rows) < 40 or own < MIN_SHAPE_PIXELS:
        raise AssertionError(f"at {width} px the bars are not drawn: {len(bar_rows)} lines with a "
                             f"neighbour's bar, {own} pixels of the authority's colour on them")
    context["benchmark_bars"] = f"at {width} px: {len(bar_rows)} lines of neighbours' bars"

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
        three = "three-authorities"
        context["three_plan"] = json.loads(sustain(executable, root, work, "--format", "json",
                                                   example=three))
        context["three"] = os.path.join(work, "three.html")
        sustain(executable, root, work, "--format", "html", "--output", context["three"],
                example=three)
        # the authority with the longest summary, alone: its summary shares page 1
        longest = max(context["three_plan"]["authorities"],
                      key=lambda a: sum(action["first"] for action in a["actions"]))
        context["longest"] = longest
        context["three_one"] = os.path.join(work, "three-one.html")
        sustain(executable, root, work, "--format", "html", "--authority", longest["id"],
                "--output", context["three_one"], example=three)
        context["three_explain"] = os.path.join(work, "three-explain.html")
        sustain(executable, root, work, "--format", "html", "--explain", "--output",
                context["three_explain"], example=three)
        # meson runs its tests in the build folder: the screenshots stay there to look at
        context["screenshots"] = os.path.join(os.getcwd(), "browser-screenshots")
        context["three_single"] = os.path.join(work, "three-single.html")
        sustain(executable, root, work, "--format", "html", "--authority", "eastmere",
                "--output", context["three_single"], example=three)
    except (AssertionError, subprocess.TimeoutExpired, OSError, ValueError) as problem:
        for name in CASES:
            bad(name, f"setup: {problem}", f"(files kept in {work})")
        return finish()
    checks = {"dom": check_dom, "sections": check_sections, "percentages": check_percentages,
              "blank": check_blank,
              "charts": check_charts, "a4": check_a4, "names": check_names, "trend": check_trend,
              "trend_screens": check_trend_screens, "print": check_print,
              "phone": check_phone, "screenshots": check_screenshots,
              "benchmarks": check_benchmarks, "benchmark_bars": check_benchmark_bars}
    context["sustain"], context["root"] = executable, root
    for name in CASES:
        print(f"[ RUN      ] {name}", flush=True)
        try:
            checks[name](browser, work, context)
            ok(name)
        except Skipped as why:
            skip(name, str(why))
        except (AssertionError, subprocess.TimeoutExpired, OSError) as problem:
            bad(name, *str(problem).splitlines(), f"(files kept in {work})")
    for key in ("radar", "trend", "print", "phone", "benchmarks", "benchmark_bars"):
        if key in context:
            print(f"    ({context[key]})")
    if os.path.isdir(context.get("screenshots", "")):
        print(f"    (screenshots in {context['screenshots']})")
    status = finish()
    if status == 0:
        shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
