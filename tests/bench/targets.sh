# The closing block of make bench, sourced by tests/bench/side_by_side.sh after
# the side-by-side runs (their medians in OUT/SCALE-TOOL: wall s, RSS KB, own s):
# each target of the speed work, its figure and whether it is met.

: >"$OUT/medians" # SCALE TOOL WALL RSS_KB, and SCALE input BYTES
for scale in $SCALES; do
  for tool in $TOOLS; do echo "$scale $tool $(cat "$OUT/$scale-$tool")" >>"$OUT/medians"; done
  echo "$scale input $(cat "$(data "$scale")"/*.csv | wc -c)" >>"$OUT/medians"
done
for scale in 1 8; do # the two taking turns, when both ran
  [ ! -f "$OUT/linear-$scale" ] || echo "$scale linear $(cat "$OUT/linear-$scale")" >>"$OUT/medians"
done

echo
echo "targets of the speed work, from the figures above (sustain: the whole assessment on all $TABLES"
echo "tables with --jobs 2; DuckDB: the lower of its figures on 1 and 2 threads)"
echo
awk -v scales="$SCALES" -v cache="$(case $TOOLS in *sustain-cache*) echo 1 ;; *) echo 0 ;; esac)" '
  { wall[$1, $2] = $3; rss[$1, $2] = $4 }
  function line(what, figure, ok) { printf "%-44s %-50s %s\n", what, figure, ok ? "yes" : "no" }
  function absent(what, why) { printf "%-44s %-50s %s\n", what, "not measured: " why, "-" }
  function has(s, tool) { return (s, tool) in wall }
  function duckdb(s, of) { return of[s, "duckdb-1"] < of[s, "duckdb-2"] ? of[s, "duckdb-1"] : of[s, "duckdb-2"] }
  function mb(kb) { return sprintf("%.0f MB", kb / 1024) }
  END {
    printf "%-44s %-50s %s\n", "target", "figure", "met"
    what = "scale 1 wall at most 0.10 s"
    if (has("1", "sustain")) line(what, sprintf("%.3f s", wall["1", "sustain"]), wall["1", "sustain"] <= 0.10)
    else absent(what, "scale 1 is not in SCALES")

    what = "scale 1 wall, warm cache, at most 0.05 s"
    if (!cache) absent(what, "this sustain has no --cache")
    else if (has("1", "sustain-cache"))
      line(what, sprintf("%.3f s", wall["1", "sustain-cache"]), wall["1", "sustain-cache"] <= 0.05)
    else absent(what, "scale 1 is not in SCALES")

    n = split(scales, scale, " ")
    for (i = 1; i <= n; i++) {
      s = scale[i]
      if (s < 1 || s > 8) continue
      what = "peak RSS at most 0.5 x input, scale " s
      r = rss[s, "sustain"]; input = wall[s, "input"] # the input line holds bytes
      line(what, sprintf("%s, %.2f x %.1f MB", mb(r), r * 1024 / input, input / 1e6), r * 1024 <= 0.5 * input)
    }
    for (i = 1; i <= n; i++) {
      s = scale[i]
      what = "peak RSS below DuckDB'"'"'s, scale " s
      if (!has(s, "duckdb-1")) { absent(what, "no DuckDB (above)"); continue }
      line(what, sprintf("%s against %s", mb(rss[s, "sustain"]), mb(duckdb(s, rss))),
           rss[s, "sustain"] < duckdb(s, rss))
    }
    for (i = 1; i <= n; i++) {
      s = scale[i]
      what = "at least 5 x faster than DuckDB, scale " s
      if (!has(s, "duckdb-1")) { absent(what, "no DuckDB (above)"); continue }
      d = duckdb(s, wall)
      line(what, sprintf("%.1f x: %.3f s against %.3f s", d / wall[s, "sustain"], wall[s, "sustain"], d),
           d >= 5 * wall[s, "sustain"])
    }
    what = "scale 8 wall at most 8.8 x scale 1"
    if (("8", "linear") in wall)
      line(what, sprintf("%.1f x: %.3f s against %.3f s", wall["8", "linear"] / wall["1", "linear"],
                         wall["8", "linear"], wall["1", "linear"]), wall["8", "linear"] <= 8.8 * wall["1", "linear"])
    else absent(what, "SCALES lacks 1 or 8")
  }' "$OUT/medians"
