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
- benchmarks: in the three-authority example's report, each benchmark of the JSON plan
             is shown with its rank and quartile (or why it has none), a bar chart whose
             <title> and <desc> say every figure, a table with the same figures and ranks
             as the JSON plan, and a line chart of the years with its table;
- benchmark_bars: a screenshot at a phone's width (390 px) shows the authority's own bar
             and the neighbours' bars.

Prints a summary in cmocka's form so tests/summary.py counts the cases. Without chromium
every case is skipped, visibly, with meson's skip status 77."""
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

WINDOW = "1200,1600"
CASES = ["dom", "sections", "percentages", "blank", "charts", "a4", "benchmarks",
         "benchmark_bars"]

# The stylesheet's chart colours (engine/report/report_html.c), as a screenshot shows them.
SCALE_COLOURS = {"bottom band": (0xF4, 0xB5, 0xAE), "middle band": (0xFB, 0xD9, 0x9A),
                 "top band": (0xB9, 0xE3, 0xC4)}
# The radar's fill, rgba(11, 79, 156, 0.2), over the white page.
RADAR_FILL = (206, 220, 235)
# Enough pixels of a colour that it is a shape, not a stray anti-aliased edge.
MIN_SHAPE_PIXELS = 400
# The benchmark bars' colours (report_html.c's stylesheet): the authority's, a neighbour's.
OWN_BAR, NEIGHBOUR_BAR = (0x0B, 0x4F, 0x9C), (0x8F, 0xB3, 0xDC)
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
    run = subprocess.run([executable, "run", os.path.join(root, "examples", example, "assessment.ini"),
                          *arguments], capture_output=True, text=True, cwd=work, timeout=120)
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


def screenshot(browser, work, page, name):
    path = os.path.join(work, name)
    status, _, errors = chromium(browser, work, "--screenshot=" + path,
                                 "--window-size=" + WINDOW, "file://" + page)
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
    context["phone"] = f"at {width} px: {len(bar_rows)} lines of neighbours' bars"

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
        sustain(executable, root, work, "--format", "html", "--output", context["three"], example=three)
        context["three_single"] = os.path.join(work, "three-single.html")
        sustain(executable, root, work, "--format", "html", "--authority", "eastmere",
                "--output", context["three_single"], example=three)
    except (AssertionError, subprocess.TimeoutExpired, OSError, ValueError) as problem:
        for name in CASES:
            bad(name, f"setup: {problem}", f"(files kept in {work})")
        return finish()
    checks = {"dom": check_dom, "sections": check_sections, "percentages": check_percentages,
              "blank": check_blank,
              "charts": check_charts, "a4": check_a4, "benchmarks": check_benchmarks,
              "benchmark_bars": check_benchmark_bars}
    for name in CASES:
        print(f"[ RUN      ] {name}", flush=True)
        try:
            checks[name](browser, work, context)
            ok(name)
        except (AssertionError, subprocess.TimeoutExpired, OSError) as problem:
            bad(name, *str(problem).splitlines(), f"(files kept in {work})")
    if "radar" in context:
        print(f"    ({context['radar']})")
    for key in ("benchmarks", "phone"):
        if key in context:
            print(f"    ({context[key]})")
    status = finish()
    if status == 0:
        shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
