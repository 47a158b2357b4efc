#!/bin/sh
# Builds the libFuzzer targets with clang into $OUT (default build-fuzz/):
# fuzz_csv, fuzz_ini, fuzz_rule, fuzz_report, fuzz_cache, fuzz_ssda903 and fuzz_xlsx, with AddressSanitizer and
# UndefinedBehaviorSanitizer, plus an uninstrumented csv plugin that fuzz_rule
# finds through the build tree. Usage: tests/fuzz/build.sh [OUT]
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$ROOT/build-fuzz}
CC=${FUZZ_CC:-clang}
mkdir -p "$OUT/obj" "$OUT/plugins/csv"
OUT=$(cd "$OUT" && pwd)
echo '#define SUSTAIN_VERSION "fuzz"' >"$OUT/sustain_version.h"
cat >"$OUT/sustain_build.h" <<H
#define SUSTAIN_BUILD_ROOT "$OUT"
#define SUSTAIN_BUILD_PLUGIN_DIR "$OUT/plugins"
#define SUSTAIN_INSTALL_PLUGIN_DIR "/nonexistent"
#define SUSTAIN_INSTALL_RULES_DIR "/nonexistent"
#define SUSTAIN_PLUGIN_DIR_FROM_BIN "../nonexistent"
#define SUSTAIN_RULES_DIR_FROM_BIN "../nonexistent"
#define SUSTAIN_SOURCE_RULES_DIR "$ROOT/rules"
#define SUSTAIN_INSTALL_TEMPLATES_DIR "/nonexistent"
#define SUSTAIN_TEMPLATES_DIR_FROM_BIN "../nonexistent"
#define SUSTAIN_SOURCE_TEMPLATES_DIR "$ROOT/templates"
H
DEPS="$(pkg-config --cflags lua5.4 inih libpq sqlite3 xlsxwriter libxxhash)"
LIBS="$(pkg-config --libs lua5.4 inih sqlite3 xlsxwriter libxxhash) -pthread"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
# every folder of the engine (engine/base, engine/store, ...), as libsustain holds them
ENGINE_INCLUDES="-I$ROOT/engine"
for folder in "$ROOT"/engine/*/; do ENGINE_INCLUDES="$ENGINE_INCLUDES -I$folder"; done
CFLAGS="-std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer -I$OUT $ENGINE_INCLUDES -I$ROOT/plugins/csv -I$ROOT/tests/fuzz $DEPS"
objects=""
for source in "$ROOT"/engine/*.c "$ROOT"/engine/*/*.c "$ROOT"/plugins/csv/csv_reader.c \
    "$ROOT"/plugins/csv/csv_rows.c "$ROOT"/tests/fuzz/fuzz_support.c; do
  [ "$(basename "$source")" = main.c ] && continue
  object="$OUT/obj/$(basename "$source" .c).o"
  $CC $CFLAGS $SAN -fsanitize=fuzzer-no-link -c "$source" -o "$object"
  objects="$objects $object"
done
for target in csv ini rule report cache; do
  extra=""
  [ "$target" = report ] && extra="$ROOT/tests/fuzz/odd_plan.c"
  $CC $CFLAGS $SAN -fsanitize=fuzzer "$ROOT/tests/fuzz/fuzz_$target.c" $extra $objects $LIBS -ldl -lm \
    -o "$OUT/fuzz_$target"
done
# the SSDA903 XML reader: the plugin's core and expat, with nothing of the engine
SSDA903="$ROOT/plugins/ssda903"
$CC $CFLAGS -I"$SSDA903" -I"$ROOT/engine/include" $SAN -fsanitize=fuzzer \
  "$ROOT/tests/fuzz/fuzz_ssda903.c" "$SSDA903/ssda903_layout.c" "$SSDA903/ssda903_date.c" \
  "$SSDA903/ssda903_reader.c" $(pkg-config --cflags --libs expat) -o "$OUT/fuzz_ssda903"

# the xlsx plugin's reading (all of plugins/xlsx/ but the descriptor), with libzip and expat
xlsx_objects=""
for source in "$ROOT"/plugins/xlsx/xlsx_*.c; do
  [ "$(basename "$source")" = xlsx_plugin.c ] && continue
  object="$OUT/obj/$(basename "$source" .c).o"
  $CC $CFLAGS -I"$ROOT/plugins/xlsx" $(pkg-config --cflags libzip expat) $SAN \
    -fsanitize=fuzzer-no-link -c "$source" -o "$object"
  xlsx_objects="$xlsx_objects $object"
done
$CC $CFLAGS -I"$ROOT/plugins/xlsx" $(pkg-config --cflags libzip expat) $SAN -fsanitize=fuzzer \
  "$ROOT/tests/fuzz/fuzz_xlsx.c" $xlsx_objects $(pkg-config --libs libzip expat) -lm \
  -o "$OUT/fuzz_xlsx"
$CC -std=c11 -D_GNU_SOURCE -O1 -g -shared -fPIC -fvisibility=hidden -I"$ROOT/engine/include" -I"$ROOT/engine/shared" \
  "$ROOT"/plugins/csv/csv_reader.c "$ROOT"/plugins/csv/csv_rows.c "$ROOT"/plugins/csv/csv_names.c "$ROOT"/plugins/csv/csv_plugin.c -o "$OUT/plugins/csv/csv.so"
chmod go-w "$OUT/plugins/csv/csv.so"
echo "fuzz targets built in $OUT"
