#!/bin/sh
# Plugin kit tests: what `meson install` gives a plugin developer and an authority.
#  1. A staged install (meson install --destdir) holds sustain, the plugins, the header,
#     sustain-plugin.pc, the rule packs and the man page. The staged sustain, with no
#     environment variable, finds the staged plugins and packs beside itself. The pc file
#     is relocatable: with PKG_CONFIG_PATH alone (no sysroot) it points into the stage, and
#     its version is the plugin ABI's. examples/plugin-template builds under umask 002
#     against it (meson's pkg_config_path, no environment), passes its own test, can be
#     tried where it was built, installs into the stage's plugindir, and the staged sustain
#     then lists it and checks an assessment that uses it, again with no environment. The
#     complete plugin of docs/plugins.md, copied out of the page, builds and loads the same
#     way, so the page cannot drift from the kit. The staged `sustain init` writes a
#     starter from the staged templates, which the staged sustain checks.
#  2. `sustain plugins` fails when it refused a plugin and flags a plugin whose descriptor
#     names it otherwise than its file; `sustain check` and `sustain run` show a plugin's
#     warnings (tests/plugins/helpful.c) and succeed.
#  3. A private install under a temporary prefix: the installed sustain, with no
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
STAGED=$STAGE/nowhere/bin/sustain
if expect staged_install 0 meson install -C "$BUILD" --no-rebuild --quiet --destdir "$STAGE"; then
  STAGED=$(find "$STAGE" -path '*/bin/sustain' | head -1)
  PREFIX_IN_STAGE=$(dirname "$(dirname "${STAGED:-$STAGE/nowhere/bin/x}")")
  pc=$(find "$STAGE" -name sustain-plugin.pc | head -1)
  libdir=$(dirname "$(dirname "${pc:-$STAGE/none/none}")")
  libdir=${libdir#"$PREFIX_IN_STAGE"/}
  if [ -z "$STAGED" ] || [ -z "$pc" ]; then
    bad staged_install "no bin/sustain or sustain-plugin.pc under $STAGE"
  else
    files staged_install "$PREFIX_IN_STAGE" bin/sustain include/sustain/plugin.h \
      "$libdir/pkgconfig/sustain-plugin.pc" "$libdir/sustain/plugins/csv.so" \
      "$libdir/sustain/plugins/sqlite.so" "$libdir/sustain/plugins/postgres.so" \
      "$libdir/sustain/plugins/ssda903.so" "$libdir/sustain/plugins/xlsx.so" \
      share/sustain/rules/ingredients/model.lua share/sustain/templates/columns.tsv \
      share/man/man1/sustain.1 && ok staged_install
  fi
fi
PCDIR=$(dirname "${pc:-$STAGE/none}")
PLUGINDIR=$PREFIX_IN_STAGE/${libdir:-none}/sustain/plugins

# the staged sustain finds what was staged beside it, with no environment variable
expect staged_finds_plugins 0 env -u SUSTAIN_PLUGIN_PATH "$STAGED" plugins &&
  contains staged_finds_plugins "$WORK/out" "csv 1" &&
  contains staged_finds_plugins "$WORK/out" "  $PLUGINDIR/csv.so" &&
  contains staged_finds_plugins "$WORK/out" "  $PLUGINDIR/sqlite.so" &&
  if grep -q "$BUILD" "$WORK/out"; then bad staged_finds_plugins "a build folder is on the search path"
  else ok staged_finds_plugins; fi
starter_ini "$WORK/by-name.ini" @ingredients
expect staged_finds_packs 0 env -u SUSTAIN_PLUGIN_PATH "$STAGED" check "$WORK/by-name.ini" &&
  contains staged_finds_packs "$WORK/out" "ok: 4 sources" && ok staged_finds_packs
# sustain init writes from the templates staged beside it, and the staged sustain checks it
expect staged_init 0 env -u SUSTAIN_PLUGIN_PATH "$STAGED" init "$WORK/staged-starter" &&
  expect staged_init 0 env -u SUSTAIN_PLUGIN_PATH "$STAGED" check "$WORK/staged-starter/assessment.ini" &&
  contains staged_init "$WORK/out" "ok: 8 sources" && ok staged_init

# the pc file points into the stage with PKG_CONFIG_PATH alone, and versions the ABI
abi_major=$(sed -n 's/^#define SUSTAIN_PLUGIN_ABI_MAJOR //p' engine/include/sustain/plugin.h)
abi_minor=$(sed -n 's/^#define SUSTAIN_PLUGIN_ABI_MINOR //p' engine/include/sustain/plugin.h)
staged_pc() { env -u PKG_CONFIG_SYSROOT_DIR PKG_CONFIG_PATH="$PCDIR" pkg-config "$@" sustain-plugin; }
if expect staged_pkg_config 0 staged_pc --cflags; then
  flag=$(cat "$WORK/out")
  flag=${flag%% }
  case "$flag" in "-I$PCDIR/"*) in_stage=1 ;; *) in_stage=0 ;; esac
  if [ "$in_stage" = 1 ] && cmp -s "${flag#-I}/sustain/plugin.h" engine/include/sustain/plugin.h &&
     [ "$(staged_pc --variable=plugindir)" -ef "$PLUGINDIR" ]; then ok staged_pkg_config
  else bad staged_pkg_config "--cflags gave '$flag', not the staged header's folder, or plugindir" \
    "$(staged_pc --variable=plugindir) is not $PLUGINDIR"; fi
fi
if [ "$(staged_pc --modversion)" = "$abi_major.$abi_minor" ] &&
   [ "$(staged_pc --variable=abi_major)" = "$abi_major" ] &&
   [ "$(staged_pc --variable=abi_minor)" = "$abi_minor" ] &&
   staged_pc --atleast-version="$abi_major.2" &&
   ! staged_pc --atleast-version="$abi_major.$((abi_minor + 1))"; then ok pkg_config_abi_version
else bad pkg_config_abi_version "version $(staged_pc --modversion), abi $(staged_pc --variable=abi_major).$(staged_pc --variable=abi_minor); the header says $abi_major.$abi_minor"; fi

# the template, under a umask that makes files group-writable, against the stage, with
# meson's own pkg_config_path rather than the environment
TEMPLATE=$WORK/template
umask_before=$(umask)
umask 002
if expect template_builds 0 env -u PKG_CONFIG_PATH -u PKG_CONFIG_SYSROOT_DIR \
     meson setup "$TEMPLATE" examples/plugin-template -Dpkg_config_path="$PCDIR" &&
   expect template_builds 0 meson compile -C "$TEMPLATE"; then
  # the staged header, not one from the source tree or the system, was compiled against
  contains template_builds "$TEMPLATE/compile_commands.json" "-I$PCDIR/" &&
    if grep -q -- "-I$ROOT" "$TEMPLATE/compile_commands.json"; then
      bad template_builds "the template was compiled against the source tree"
    else ok template_builds; fi
fi
expect template_tests_pass 0 meson test -C "$TEMPLATE" --print-errorlogs && ok template_tests_pass
umask "$umask_before"
if [ -n "$(find "$TEMPLATE/sequence.so" "$TEMPLATE" -maxdepth 0 -perm /022 2>/dev/null)" ]; then
  bad template_go_w "under umask 002 the build left sequence.so or its folder group-writable"
else ok template_go_w; fi

# tried where it was built, as the template's README says: no chmod needed
expect template_listed 0 env SUSTAIN_PLUGIN_PATH="$TEMPLATE" "$STAGED" plugins &&
  contains template_listed "$WORK/out" "sequence 1.0.0 (ABI $abi_major.$abi_minor)  $TEMPLATE/sequence.so" &&
  contains template_listed "$WORK/out" "    steps              rows per authority, 1 to 1000 (default: 3)" &&
  ok template_listed

# installed into the stage's plugindir: the staged sustain finds and loads it unaided
starter_ini "$WORK/steps.ini" @ingredients "$STEPS_SOURCE"
if expect template_installed 0 meson install -C "$TEMPLATE" --quiet; then
  expect template_installed 0 env -u SUSTAIN_PLUGIN_PATH "$STAGED" plugins &&
    contains template_installed "$WORK/out" "sequence 1.0.0 (ABI $abi_major.$abi_minor)  $PLUGINDIR/sequence.so" &&
    expect template_installed 0 env -u SUSTAIN_PLUGIN_PATH "$STAGED" check "$WORK/steps.ini" &&
    contains template_installed "$WORK/out" "ok: 5 sources" && ok template_installed
fi

# the complete plugin of docs/plugins.md, as a reader would copy it, against the stage
awk '/^## A complete plugin/ { section = 1 } section && /^```c$/ { code = 1; next }
     code && /^```$/ { exit } code { print }' docs/plugins.md >"$WORK/scores.c"
mkdir -p "$WORK/docs-plugin"
if expect docs_plugin_builds 0 sh -c 'cc -std=c11 -Wall -Wextra -Werror -shared -fPIC \
     -fvisibility=hidden $(PKG_CONFIG_PATH="$1" pkg-config --cflags sustain-plugin) \
     -o "$2/scores.so" "$3"' sh "$PCDIR" "$WORK/docs-plugin" "$WORK/scores.c"; then
  chmod go-w "$WORK/docs-plugin/scores.so"
  printf '# la score\nnorthshire 4\nsouthvale -\n' >"$WORK/scores.txt"
  starter_ini "$WORK/scores.ini" @ingredients "
[source scores]
plugin = scores
path = scores.txt
authority_column = la
column = score"
  expect docs_plugin_builds 0 env SUSTAIN_PLUGIN_PATH="$WORK/docs-plugin" "$STAGED" check "$WORK/scores.ini" &&
    contains docs_plugin_builds "$WORK/out" "ok: 5 sources" && ok docs_plugin_builds
  # the page's example of a bad line is the message sustain prints
  printf '# la score\nnorthshire 4\nnorthshire 4x2\n' >"$WORK/data-scores.txt"
  sed 's#^path = scores.txt#path = data-scores.txt#' "$WORK/scores.ini" >"$WORK/bad-scores.ini"
  expect docs_plugin_message 1 env SUSTAIN_PLUGIN_PATH="$WORK/docs-plugin" "$STAGED" check "$WORK/bad-scores.ini" &&
    contains docs_plugin_message "$WORK/err" "data-scores.txt:3:12: the value is not a number; write a number such as 42 or 3.5, or -" &&
    ok docs_plugin_message
fi

# --- 2. what sustain says of plugins ----------------------------------------
# a refused plugin fails `sustain plugins`; a descriptor named otherwise is flagged
mkdir -p "$WORK/odd"
cp "$BUILD/tests/good.so" "$WORK/odd/other.so" && chmod 755 "$WORK/odd/other.so"
expect plugins_flags_names 0 env SUSTAIN_PLUGIN_PATH="$WORK/odd" "$STAGED" plugins &&
  contains plugins_flags_names "$WORK/out" "good 1.0.0 (ABI $abi_major.$abi_minor)  $WORK/odd/other.so" &&
  contains plugins_flags_names "$WORK/err" "sustain: warning: $WORK/odd/other.so: the plugin calls itself 'good', but configs find it by its file as 'other' (plugin = other)" &&
  ok plugins_flags_names
cp "$BUILD/tests/good.so" "$WORK/odd/good.so" && chmod 775 "$WORK/odd/good.so"
expect plugins_fails_on_refusal 1 env SUSTAIN_PLUGIN_PATH="$WORK/odd" "$STAGED" plugins &&
  contains plugins_fails_on_refusal "$WORK/err" "$WORK/odd/good.so: refusing plugin writable by group or others" &&
  contains plugins_fails_on_refusal "$WORK/out" "$WORK/odd/other.so" && ok plugins_fails_on_refusal

# a plugin's warnings are shown by check and run, marked, and fail neither
mkdir -p "$WORK/helpful"
cp "$BUILD/tests/helpful.so" "$WORK/helpful/helpful.so" && chmod 755 "$WORK/helpful/helpful.so"
printf 'one\ntwo\n' >"$WORK/helpful.txt"
starter_ini "$WORK/helpful.ini" @ingredients "
[source helped]
plugin = $WORK/helpful/helpful.so
mode = warn
path = helpful.txt
authority_column = la"
line=$(grep -n '^\[source helped\]' "$WORK/helpful.ini" | cut -d: -f1)
for command in check run; do
  expect "${command}_shows_warnings" 0 "$STAGED" "$command" "$WORK/helpful.ini" &&
    contains "${command}_shows_warnings" "$WORK/err" "sustain: warning: $WORK/helpful.ini:$line: source helped (plugin helpful, $WORK/helpful/helpful.so): option mode: warn is only a test" &&
    contains "${command}_shows_warnings" "$WORK/err" "sustain: warning: $WORK/helpful.txt:2:5: the value looks odd, and was kept" &&
    ok "${command}_shows_warnings"
done

# --- packs named with @ -----------------------------------------------------
"$SUSTAIN" run "$EXAMPLE" --format json >"$WORK/example.json" 2>/dev/null
expect pack_by_name 0 "$SUSTAIN" run "$WORK/by-name.ini" --format json &&
  if cmp -s "$WORK/example.json" "$WORK/out"; then ok pack_by_name
  else bad pack_by_name "the plan with rules = @ingredients differs from the example's"; fi
starter_ini "$WORK/unknown-pack.ini" "@nope, @../ingredients"
expect pack_unknown 1 "$SUSTAIN" check "$WORK/unknown-pack.ini" &&
  contains pack_unknown "$WORK/err" "rules: '@nope' (looked for " &&
  contains pack_unknown "$WORK/err" "/share/sustain/rules/nope) does not exist" &&
  contains pack_unknown "$WORK/err" "rules: '@../ingredients' is not a pack name" && ok pack_unknown

# --- 3. a private install: no configuration needed --------------------------
PREFIX=$WORK/prefix
if expect private_install 0 meson setup "$WORK/build" "$ROOT" --prefix "$PREFIX" &&
   expect private_install 0 ninja -C "$WORK/build" engine/sustain plugins/csv/csv.so \
     plugins/sqlite/sqlite.so plugins/postgres/postgres.so plugins/ssda903/ssda903.so \
     plugins/xlsx/xlsx.so &&
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
  contains installed_finds_plugins "$WORK/out" "/sustain/plugins/xlsx.so" &&
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
