#!/bin/sh
# Builds the libFuzzer targets with clang into $OUT (default build-fuzz/):
# fuzz_csv, fuzz_ini and fuzz_rule, with AddressSanitizer and
# UndefinedBehaviorSanitizer, plus an uninstrumented csv plugin that fuzz_rule
# finds through the build tree. Usage: tests/fuzz/build.sh [OUT]
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$ROOT/build-fuzz}
CC=${FUZZ_CC:-clang}
mkdir -p "$OUT/obj" "$OUT/plugins/csv"
OUT=$(cd "$OUT" && pwd)
cat >"$OUT/sustain_build.h" <<H
#define SUSTAIN_VERSION "fuzz"
#define SUSTAIN_BUILD_ROOT "$OUT"
#define SUSTAIN_BUILD_PLUGIN_DIR "$OUT/plugins"
#define SUSTAIN_INSTALL_PLUGIN_DIR "/nonexistent"
#define SUSTAIN_INSTALL_RULES_DIR "/nonexistent"
#define SUSTAIN_SOURCE_RULES_DIR "$ROOT/rules"
H
DEPS="$(pkg-config --cflags lua5.4 inih libpq sqlite3) -I$ROOT/plugins/postgres"
LIBS="$(pkg-config --libs lua5.4 inih sqlite3) -pthread"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
CFLAGS="-std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer -I$OUT -I$ROOT/engine -I$ROOT/engine/include -I$ROOT/plugins/csv -I$ROOT/tests/fuzz $DEPS"
objects=""
for source in "$ROOT"/engine/*.c "$ROOT"/plugins/csv/csv_reader.c "$ROOT"/plugins/csv/csv_rows.c \
    "$ROOT"/plugins/postgres/pg_tidy.c "$ROOT"/tests/fuzz/fuzz_support.c; do
  [ "$(basename "$source")" = main.c ] && continue
  object="$OUT/obj/$(basename "$source" .c).o"
  $CC $CFLAGS $SAN -fsanitize=fuzzer-no-link -c "$source" -o "$object"
  objects="$objects $object"
done
for target in csv ini rule; do
  $CC $CFLAGS $SAN -fsanitize=fuzzer "$ROOT/tests/fuzz/fuzz_$target.c" $objects $LIBS -ldl -lm \
    -o "$OUT/fuzz_$target"
done
$CC -std=c11 -D_GNU_SOURCE -O1 -g -shared -fPIC -fvisibility=hidden -I"$ROOT/engine/include" \
  "$ROOT"/plugins/csv/csv_reader.c "$ROOT"/plugins/csv/csv_rows.c "$ROOT"/plugins/csv/csv_names.c "$ROOT"/plugins/csv/csv_plugin.c -o "$OUT/plugins/csv/csv.so"
chmod go-w "$OUT/plugins/csv/csv.so"
echo "fuzz targets built in $OUT"
