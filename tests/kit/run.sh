#!/bin/sh
# Plugin kit tests: what `meson install` gives a plugin developer and an authority.
#  1. A staged install (meson install --destdir) holds sustain, the plugins, the header,
#     sustain-plugin.pc, the rule packs and the man page; examples/plugin-template builds
#     and passes its own test against the staged pkg-config file alone (with
#     PKG_CONFIG_SYSROOT_DIR, so the staged header is the one compiled against); and the
#     built sustain lists the template plugin and checks an assessment that uses it. The
#     complete plugin of docs/plugins.md, copied out of the page, builds and loads the same
#     way, so the page cannot drift from the kit.
#  2. A private install under a temporary prefix: the installed sustain, with no
#     configuration at all, finds the installed plugins and the pack named @ingredients,
#     and its plan of the starter example is the build tree's byte for byte; the template
#     installs into that prefix's plugindir and is found there too.
# Usage: run.sh SUSTAIN BUILD_ROOT SOURCE_ROOT. Prints a summary in cmocka's form.
set -u
SUSTAIN=$1
BUILD=$2
ROOT=$3
cd "$ROOT" || exit 1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sustain-kit-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
EXAMPLE=examples/starter/assessment.ini

. tests/cases.sh # the working folder is ROOT

# expect NAME STATUS COMMAND...: runs COMMAND (stdout to $WORK/out, stderr to $WORK/err)
# and checks its exit status.
expect() {
  name=$1 want=$2
  shift 2
  "$@" >"$WORK/out" 2>"$WORK/err"
  got=$?
  if [ "$got" -eq "$want" ]; then return 0; fi
  bad "$name" "exit status $got, expected $want" "stdout: $(tail -c 400 "$WORK/out")" \
    "stderr: $(tail -c 600 "$WORK/err")"
  return 1
}

# contains NAME FILE TEXT: the file holds the text (fixed string).
contains() {
  if grep -qF -- "$3" "$2"; then return 0; fi
  bad "$1" "$(basename "$2") lacks: $3" "it holds: $(head -c 600 "$2")"
  return 1
}

# files NAME DIR PATH...: each path exists under DIR.
files() {
  name=$1 dir=$2
  shift 2
  for file in "$@"; do
    if [ ! -e "$dir/$file" ]; then bad "$name" "not installed: $file"; return 1; fi
  done
}

# starter_ini OUT RULES [EXTRA]: the starter example with absolute data paths, the given
# rules value, and EXTRA appended (more sections).
starter_ini() {
  sed -e "s#^rules = .*#rules = $2#" -e "s#^path = data/#path = $ROOT/examples/starter/data/#" \
    "$EXAMPLE" >"$1"
  [ -n "${3:-}" ] && printf '%s\n' "$3" >>"$1"
  return 0
}
STEPS_SOURCE='
[source steps]
plugin = sequence
authorities = northshire, southvale
steps = 2
authority_column = la'

# --- 1. a staged install -----------------------------------------------------
STAGE=$WORK/stage
if expect staged_install 0 meson install -C "$BUILD" --no-rebuild --quiet --destdir "$STAGE"; then
  pc=$(find "$STAGE" -name sustain-plugin.pc | head -1)
  prefix=$(sed -n 's/^prefix=//p' "$pc" 2>/dev/null)
  libdir=$(sed -n 's/^libdir=\${prefix}\///p' "$pc" 2>/dev/null)
  if [ -z "$pc" ] || [ -z "$prefix" ] || [ -z "$libdir" ]; then
    bad staged_install "no sustain-plugin.pc with prefix and libdir under $STAGE"
  else
    files staged_install "$STAGE$prefix" bin/sustain include/sustain/plugin.h \
      "$libdir/pkgconfig/sustain-plugin.pc" "$libdir/sustain/plugins/csv.so" \
      "$libdir/sustain/plugins/sqlite.so" "$libdir/sustain/plugins/postgres.so" \
      share/sustain/rules/ingredients/model.lua share/man/man1/sustain.1 && ok staged_install
  fi
fi
PCDIR=$(dirname "${pc:-$STAGE/none}")

# pkg-config reads the staged file; the sysroot puts the staged prefix before its paths
expect staged_pkg_config 0 env PKG_CONFIG_PATH="$PCDIR" PKG_CONFIG_SYSROOT_DIR="$STAGE" \
    pkg-config --cflags sustain-plugin &&
  contains staged_pkg_config "$WORK/out" "-I$STAGE${prefix:-/nowhere}/include" && ok staged_pkg_config

TEMPLATE=$WORK/template
if expect template_builds 0 env PKG_CONFIG_PATH="$PCDIR" PKG_CONFIG_SYSROOT_DIR="$STAGE" \
    meson setup "$TEMPLATE" examples/plugin-template &&
   expect template_builds 0 meson compile -C "$TEMPLATE"; then
  # the staged header, not one from the source tree or the system, was compiled against
  contains template_builds "$TEMPLATE/compile_commands.json" "-I$STAGE$prefix/include" &&
    if grep -q -- "-I$ROOT" "$TEMPLATE/compile_commands.json"; then
      bad template_builds "the template was compiled against the source tree"
    else ok template_builds; fi
fi
expect template_tests_pass 0 meson test -C "$TEMPLATE" --print-errorlogs && ok template_tests_pass

chmod go-w "$TEMPLATE/sequence.so" 2>/dev/null
expect template_listed 0 env SUSTAIN_PLUGIN_PATH="$TEMPLATE" "$SUSTAIN" plugins &&
  contains template_listed "$WORK/out" "sequence 1.0.0 (ABI 1.4)  $TEMPLATE/sequence.so" &&
  contains template_listed "$WORK/out" "    steps              rows per authority, 1 to 1000 (default: 3)" &&
  ok template_listed
starter_ini "$WORK/steps.ini" @ingredients "$STEPS_SOURCE"
expect template_checked 0 env SUSTAIN_PLUGIN_PATH="$TEMPLATE" "$SUSTAIN" check "$WORK/steps.ini" &&
  contains template_checked "$WORK/out" "ok: 5 sources" && ok template_checked

# the complete plugin of docs/plugins.md, as a reader would copy it, against the stage
awk '/^## A complete plugin/ { section = 1 } section && /^```c$/ { code = 1; next }
     code && /^```$/ { exit } code { print }' docs/plugins.md >"$WORK/scores.c"
mkdir -p "$WORK/docs-plugin"
if expect docs_plugin_builds 0 sh -c 'cc -std=c11 -Wall -Wextra -Werror -shared -fPIC \
     -fvisibility=hidden $(PKG_CONFIG_PATH="$1" PKG_CONFIG_SYSROOT_DIR="$2" pkg-config --cflags \
     sustain-plugin) -o "$3/scores.so" "$4"' sh "$PCDIR" "$STAGE" "$WORK/docs-plugin" "$WORK/scores.c"; then
  chmod go-w "$WORK/docs-plugin/scores.so"
  printf 'northshire 4\nsouthvale -\n' >"$WORK/scores.txt"
  starter_ini "$WORK/scores.ini" @ingredients "
[source scores]
plugin = scores
path = scores.txt
authority_column = la
column = score"
  expect docs_plugin_builds 0 env SUSTAIN_PLUGIN_PATH="$WORK/docs-plugin" "$SUSTAIN" check "$WORK/scores.ini" &&
    contains docs_plugin_builds "$WORK/out" "ok: 5 sources" && ok docs_plugin_builds
fi

# --- packs named with @ -----------------------------------------------------
"$SUSTAIN" run "$EXAMPLE" --format json >"$WORK/example.json" 2>/dev/null
starter_ini "$WORK/by-name.ini" @ingredients
expect pack_by_name 0 "$SUSTAIN" run "$WORK/by-name.ini" --format json &&
  if cmp -s "$WORK/example.json" "$WORK/out"; then ok pack_by_name
  else bad pack_by_name "the plan with rules = @ingredients differs from the example's"; fi
starter_ini "$WORK/unknown-pack.ini" "@nope, @../ingredients"
expect pack_unknown 1 "$SUSTAIN" check "$WORK/unknown-pack.ini" &&
  contains pack_unknown "$WORK/err" "rules: '@nope' (looked for " &&
  contains pack_unknown "$WORK/err" "/share/sustain/rules/nope) does not exist" &&
  contains pack_unknown "$WORK/err" "rules: '@../ingredients' is not a pack name" && ok pack_unknown

# --- 2. a private install: no configuration needed --------------------------
PREFIX=$WORK/prefix
if expect private_install 0 meson setup "$WORK/build" "$ROOT" --prefix "$PREFIX" &&
   expect private_install 0 ninja -C "$WORK/build" engine/sustain plugins/csv/csv.so \
     plugins/sqlite/sqlite.so plugins/postgres/postgres.so &&
   expect private_install 0 meson install -C "$WORK/build" --no-rebuild --quiet; then
  ok private_install
fi
INSTALLED=$PREFIX/bin/sustain
find "$PREFIX" -name '*.so' -exec chmod go-w {} +
expect installed_finds_plugins 0 env -u SUSTAIN_PLUGIN_PATH "$INSTALLED" plugins &&
  contains installed_finds_plugins "$WORK/out" "$PREFIX/" &&
  contains installed_finds_plugins "$WORK/out" "/sustain/plugins/csv.so" &&
  contains installed_finds_plugins "$WORK/out" "/sustain/plugins/sqlite.so" &&
  contains installed_finds_plugins "$WORK/out" "/sustain/plugins/postgres.so" &&
  if grep -q "$BUILD\|$WORK/build" "$WORK/out"; then bad installed_finds_plugins "a build folder is on the search path"
  else ok installed_finds_plugins; fi
expect installed_finds_packs 0 env -u SUSTAIN_PLUGIN_PATH "$INSTALLED" run "$WORK/by-name.ini" --format json &&
  cp "$WORK/out" "$WORK/installed.json" &&
  if cmp -s "$WORK/example.json" "$WORK/installed.json"; then ok installed_finds_packs
  else bad installed_finds_packs "the installed sustain's plan differs from the build's"; fi

# the template, built against the private install and installed into its plugindir
if expect installed_template 0 env PKG_CONFIG_PATH="$(dirname "$(find "$PREFIX" -name sustain-plugin.pc | head -1)")" \
     meson setup "$WORK/template-installed" examples/plugin-template &&
   expect installed_template 0 meson install -C "$WORK/template-installed" --quiet; then
  find "$PREFIX" -name '*.so' -exec chmod go-w {} +
  expect installed_template 0 env -u SUSTAIN_PLUGIN_PATH "$INSTALLED" check "$WORK/steps.ini" &&
    contains installed_template "$WORK/out" "ok: 5 sources" && ok installed_template
fi

finish
