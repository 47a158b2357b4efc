# The end of make bench, sourced by tests/bench/national.sh (its variables and
# functions: BUILD, SCALES, RUNS, OUT, data, median, timed): at every scale,
# sustain beside a DuckDB and a pandas script computing the OC3 indicators of
# care_leavers.csv, the tools taking turns run by run; the CSV each script writes
# checked against sustain's plan; then each target of the speed work with its
# figure and whether it is met.

# duckdb_ready: true when node can load the pinned DuckDB, installing it under
# NODE_DIR when absent; otherwise says why the comparison is skipped
duckdb_ready() {
  if ! command -v node >/dev/null; then
    echo "DuckDB comparison skipped: no node here (Debian: apt-get install nodejs npm)"
    return 1
  fi
  if ! cmp -s "$ROOT/tests/bench/package-lock.json" "$NODE_DIR/installed.json" 2>/dev/null; then
    if ! command -v npm >/dev/null; then
      echo "DuckDB comparison skipped: no npm here to install DuckDB (Debian: apt-get install npm)"
      return 1
    fi
    rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
    cp "$ROOT/tests/bench/package.json" "$ROOT/tests/bench/package-lock.json" "$NODE_DIR/"
    echo "installing DuckDB for node from the npm registry into $NODE_DIR (tests/bench/package-lock.json)"
    if ! npm ci --prefix "$NODE_DIR" --no-audit --no-fund --fetch-timeout=30000 --fetch-retries=1 \
        >"$OUT/npm" 2>&1; then
      echo "DuckDB comparison skipped: npm could not install it (is the npm registry reachable?):"
      grep -v '^npm error  *at ' "$OUT/npm" | head -4 | sed 's/^/  /'
      rm -rf "$NODE_DIR"
      return 1
    fi
    cp "$ROOT/tests/bench/package-lock.json" "$NODE_DIR/installed.json"
  fi
  if ! DUCKDB_VERSION=$(node "$DUCKDB_SCRIPT" --version --modules "$NODE_DIR" 2>"$OUT/err"); then
    echo "DuckDB comparison skipped: node cannot load DuckDB from $NODE_DIR:"
    sed 's/^/  /' "$OUT/err"
    return 1
  fi
}

# oc3_ini DIR: the assessment of DIR with care_leavers as its only source, so
# that sustain reads what the scripts read (paths made absolute: it lives in OUT)
oc3_ini() {
  awk -v dir="$(cd "$1" && pwd)" '
    /^\[/ { skip = $0 ~ /^\[source / && $0 != "[source care_leavers]" }
    !skip { if (sub(/^path = /, "")) $0 = "path = " dir "/" $0; print }' "$1/assessment.ini"
}

# run_tool TOOL DIR: one run of TOOL on DIR's data; prints its wall time (s),
# peak RSS (KB) and, for the scripts, their own time (s; - for sustain)
run_tool() {
  tool=$1 dir=$2
  case $tool in
    sustain) set -- "$SUSTAIN" run "$dir/assessment.ini" --jobs 2 -o "$OUT/sustain.json" ;;
    sustain-oc3) set -- "$SUSTAIN" run "$OUT/oc3.ini" --jobs 2 -o "$OUT/sustain-oc3.json" ;;
    sustain-cache) set -- "$SUSTAIN" run "$dir/assessment.ini" --jobs 2 --cache -o "$OUT/sustain-cache.json" ;;
    duckdb-*) set -- node "$DUCKDB_SCRIPT" "$dir/care_leavers.csv" --threads "${tool#duckdb-}" \
      --modules "$NODE_DIR" -o "$OUT/$tool.csv" ;;
    pandas) set -- "$PYTHON" "$PANDAS_SCRIPT" "$dir/care_leavers.csv" -o "$OUT/$tool.csv" ;;
  esac
  if ! time=$(timed "$@"); then
    echo "$tool failed on $dir:" >&2
    cat "$OUT/err" >&2
    return 1
  fi
  own=$(sed -n 's/.*, total \([0-9.]*\) s$/\1/p' "$OUT/err")
  echo "$time ${own:--}"
}

# compare SCALE: a warm-up of each tool, then RUNS rounds of one run each;
# writes the medians of wall, RSS and own time to OUT/SCALE-TOOL
compare() {
  dir=$(data "$1")
  oc3_ini "$dir" >"$OUT/oc3.ini"
  case $TOOLS in *sustain-cache*) "$SUSTAIN" run "$dir/assessment.ini" --cache -o "$OUT/fill.json" ;; esac
  for tool in $TOOLS; do
    run_tool "$tool" "$dir" >/dev/null || exit 1
    : >"$OUT/$tool.runs"
  done
  round=0
  while [ $round -lt "$RUNS" ]; do
    for tool in $TOOLS; do
      line=$(run_tool "$tool" "$dir") || exit 1
      echo "$line" >>"$OUT/$tool.runs"
    done
    round=$((round + 1))
  done
  for tool in $TOOLS; do
    for column in 1 2 3; do
      awk -v c=$column '{ print $c }' "$OUT/$tool.runs" | median
    done | paste -s -d ' ' >"$OUT/$1-$tool"
  done
}

# row SCALE TOOL: the table's line for TOOL's medians at SCALE
row() {
  read -r wall rss own <"$OUT/$1-$2"
  read -r swall srss sown <"$OUT/$1-sustain"
  case $2 in
    sustain) name=sustain input="all $TABLES tables" jobs=2 ;;
    sustain-oc3) name=sustain input=care_leavers jobs=2 ;;
    sustain-cache) name="sustain --cache" input="all $TABLES tables" jobs=2 ;;
    duckdb-*) name=DuckDB input=care_leavers jobs=${2#duckdb-} ;;
    pandas) name=pandas input=care_leavers jobs=1 ;;
  esac
  awk -v s="$1" -v t="$name" -v i="$input" -v j="$jobs" -v wall="$wall" -v rss="$rss" -v own="$own" \
      -v swall="$swall" -v srss="$srss" 'BEGIN {
    printf "%-6s %-15s %-13s %4s %8.3f %7.0f %7s %7.1f %6.1f\n",
           s, t, i, j, wall, rss / 1024, own == "-" ? "-" : sprintf("%.3f", own), wall / swall, rss / srss }'
}

# check_figures SCALE: each script's CSV against the plan of sustain's last run,
# the scripts' CSVs against each other, and the plan with --cache against it
check_figures() {
  csvs=
  for tool in $TOOLS; do
    case $tool in
      duckdb-1) name="DuckDB, 1 thread" ;;
      duckdb-*) name="DuckDB, ${tool#duckdb-} threads" ;;
      pandas) name=pandas ;;
      *) continue ;;
    esac
    csvs="${csvs:+$csvs }$OUT/$tool.csv"
    if ! "$PYTHON" "$CHECK_SCRIPT" "$OUT/$tool.csv" "$OUT/sustain.json" --tool "$name" 2>"$OUT/check"; then
      cat "$OUT/check" >&2
      DISAGREE=1
    fi
    sed -n "s/^check: /scale $1: /p" "$OUT/check" >>"$OUT/checks"
  done
  # the scripts write the same layout, so their CSVs should match byte for byte
  if [ "$(echo $csvs | wc -w)" -gt 1 ]; then
    same="the same"
    for csv in $csvs; do cmp -s "${csvs%% *}" "$csv" 2>/dev/null || same="not the same"; done
    echo "scale $1: the scripts' CSVs are $same byte for byte" >>"$OUT/checks"
  fi
  if [ -f "$OUT/sustain-cache.json" ]; then
    if cmp -s "$OUT/sustain.json" "$OUT/sustain-cache.json"; then same="the same"; else same="NOT the same"; DISAGREE=1; fi
    echo "scale $1: the plan with --cache is $same as without" >>"$OUT/checks"
  fi
}

in_scales() { case " $SCALES " in *" $1 "*) return 0 ;; esac; return 1; }

echo
TOOLS="sustain sustain-oc3"
if "$SUSTAIN" help run | grep -qE -- '(^|[ ,])--cache([ ,]|$)'; then TOOLS="$TOOLS sustain-cache"; fi
DUCKDB_VERSION=
if duckdb_ready; then TOOLS="$TOOLS duckdb-1 duckdb-2"; fi
PANDAS_VERSION=
if PANDAS_VERSION=$("$PYTHON" -c 'import pandas; print(pandas.__version__)' 2>/dev/null); then
  TOOLS="$TOOLS pandas"
else
  echo "pandas comparison skipped: $PYTHON cannot import pandas (Debian: apt-get install python3-pandas)"
fi
TABLES=$(grep -c '^\[source ' "$(data 1)/assessment.ini")
rows=$(( $(wc -l <"$(data 1)/care_leavers.csv") - 1 ))

echo "side by side, at every scale: sustain runs every rule of the pack on all $TABLES tables, or on"
echo "care_leavers alone, and writes the JSON plan; the scripts read care_leavers.csv ($rows rows at"
echo "scale 1), compute only the OC3 indicators (age groups, EET, suitable accommodation, in touch,"
echo "activity not known, in and out of the innovation) and write them as CSV:"
[ -z "$DUCKDB_VERSION" ] || echo "  DuckDB $DUCKDB_VERSION: tests/bench/duckdb_oc3.mjs, on node $(node --version)"
[ -z "$PANDAS_VERSION" ] || echo "  pandas $PANDAS_VERSION: tests/bench/pandas_oc3.py, on Python $("$PYTHON" -c 'import platform; print(platform.python_version())')"
echo "The tools take turns run by run; medians of $RUNS runs after a warm-up of each. jobs: sustain's"
echo "--jobs (worker processes, loading threads), DuckDB's threads; pandas runs on one. The wall"
echo "time and peak RSS of the scripts include starting node or Python and loading DuckDB or pandas;"
echo "own_s is the script's own time without them. x_wall and x_RSS: the row's wall time and peak"
echo "RSS over sustain's on all tables with --jobs 2 at the same scale. Times in seconds."
echo
printf '%-6s %-15s %-13s %4s %8s %7s %7s %7s %6s\n' scale tool input jobs wall_s RSS_MB own_s x_wall x_RSS
: >"$OUT/checks"
DISAGREE=0
for scale in $SCALES; do
  compare "$scale"
  for tool in $TOOLS; do row "$scale" "$tool"; done
  check_figures "$scale"
done
# scale 8 against scale 1, taking turns too: minutes apart, the machine's drift
# would show in their ratio
if in_scales 1 && in_scales 8; then
  : >"$OUT/linear-1.runs"
  : >"$OUT/linear-8.runs"
  round=0
  while [ $round -lt "$RUNS" ]; do
    for scale in 1 8; do
      line=$(run_tool sustain "$(data $scale)") || exit 1
      echo "$line" >>"$OUT/linear-$scale.runs"
    done
    round=$((round + 1))
  done
  for scale in 1 8; do awk '{ print $1 }' "$OUT/linear-$scale.runs" | median >"$OUT/linear-$scale"; done
  echo
  awk -v one="$(cat "$OUT/linear-1")" -v eight="$(cat "$OUT/linear-8")" -v runs="$RUNS" 'BEGIN {
    printf "scale 8 against scale 1 (sustain, all tables, --jobs 2), the two taking turns run by run:\n"
    printf "%.3f s against %.3f s, %.1f x (medians of %d)\n", eight, one, eight / one, runs }'
fi

if [ -s "$OUT/checks" ]; then
  echo
  echo "checks at each scale; the scripts' figures against the evidence of sustain's plan by"
  echo "tests/bench/oc3_check.py, the engine's suppression applied to the scripts' figures:"
  sed 's/^/  /' "$OUT/checks"
fi

. "$ROOT/tests/bench/targets.sh"
[ "$DISAGREE" = 0 ] || { echo "a check above failed: see its messages" >&2; exit 1; }
