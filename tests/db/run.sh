#!/bin/sh
# Database tests: the starter example read from CSV, from SQLite and from PostgreSQL must
# give byte-identical JSON plans; `sustain plugins` lists the database plugins; their
# errors reach the user located; and test_postgres runs against a real server.
# Usage: run.sh SUSTAIN SOURCE_ROOT CSV_TO_SQLITE TEST_POSTGRES
# The server is the one named by SUSTAIN_TEST_PG_SERVER (a folder set up by
# `pg_server.sh start`, as .ci/run does), else one this script starts in a temporary
# folder. When none can be started, the PostgreSQL cases are listed as skipped and the
# script exits 77, meson's status for a skipped test. Prints a summary in cmocka's form.
set -u
SUSTAIN=$1
ROOT=$2
CSV_TO_SQLITE=$3
TEST_POSTGRES=$4
cd "$ROOT" || exit 1
HERE=$ROOT/tests/db
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sustain-db-XXXXXX")
SERVER=""          # the server's folder, when this script started it
DATABASE=""        # the scratch database, when one was created
EXAMPLE=examples/starter/assessment.ini
TABLES="care_leavers participation leadership staff_survey"

. "$HERE/../cases.sh"

cleanup() {
  if [ -n "$DATABASE" ]; then
    psql "$ADMIN" -q -c "DROP DATABASE IF EXISTS \"$DATABASE\"" >/dev/null 2>&1
  fi
  if [ -n "$SERVER" ]; then "$HERE/pg_server.sh" stop "$SERVER"; rm -rf "$SERVER"; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# expect NAME STATUS COMMAND...: runs COMMAND (stdout to $WORK/out, stderr to $WORK/err)
# and checks its exit status.
expect() {
  name=$1 want=$2
  shift 2
  "$@" >"$WORK/out" 2>"$WORK/err"
  got=$?
  if [ "$got" -eq "$want" ]; then return 0; fi
  bad "$name" "exit status $got, expected $want" "stderr: $(head -c 600 "$WORK/err")"
  return 1
}

# contains NAME FILE TEXT / lacks NAME FILE TEXT: the file holds (does not hold) the text.
contains() {
  if grep -qF -- "$3" "$2"; then return 0; fi
  bad "$1" "$(basename "$2") lacks: $3" "it holds: $(head -c 600 "$2")"
  return 1
}
lacks() {
  if ! grep -qF -- "$3" "$2"; then return 0; fi
  bad "$1" "$(basename "$2") holds: $3"
  return 1
}

# write_ini KIND OUT [SETTING]: the starter assessment with every csv source replaced by
# one of kind csv (absolute paths), sqlite (SETTING: the database file) or postgres
# (SETTING: the conninfo), each reading the table named after its source. Options only
# the csv plugin takes are dropped: schema.sql carries what they would say.
write_ini() {
  awk -v kind="$1" -v setting="${3:-}" -v root="$ROOT" '
    /^\[/ { source = ""; if ($1 == "[source") { source = $2; sub(/\].*/, "", source) } }
    /^rules *=/ { print "rules = " root "/rules/ingredients"; next }
    source != "" && /^plugin *= *csv/ { print "plugin = " kind; next }
    source != "" && /^path *=/ {
      if (kind == "csv") { sub(/^path *= */, ""); print "path = " root "/examples/starter/" $0 }
      else if (kind == "sqlite") { print "path = " setting; print "table = " source }
      else { print "conninfo = " setting; print "table = " source }
      next
    }
    source != "" && kind != "csv" && /^[A-Za-z_]+ *=/ && !/^authority_column *=/ { next }
    { print }' "$EXAMPLE" >"$2"
}

# plan NAME INI OUT: runs the assessment to a JSON plan.
plan() {
  expect "$1" 0 "$SUSTAIN" run "$2" --format json && cp "$WORK/out" "$3"
}

# same NAME A B: the two plans are byte for byte the same.
same() {
  if cmp -s "$2" "$3"; then return 0; fi
  bad "$1" "$(basename "$3") differs from $(basename "$2"):" "$(diff "$2" "$3" | head -20)"
  return 1
}

# the plugin ABI of this tree's header, as sustain plugins shows it
ABI=$(sed -n 's/^#define SUSTAIN_PLUGIN_ABI_MAJOR //p' engine/include/sustain/plugin.h).$(sed -n \
  's/^#define SUSTAIN_PLUGIN_ABI_MINOR //p' engine/include/sustain/plugin.h)
# --- the database plugins are listed --------------------------------------
expect plugins_listed 0 "$SUSTAIN" plugins &&
  contains plugins_listed "$WORK/out" "sqlite 1.1.0 (ABI $ABI)" &&
  contains plugins_listed "$WORK/out" "postgres 1.0.0 (ABI $ABI)" &&
  contains plugins_listed "$WORK/out" "SQLite database files: one table or one SELECT per source" &&
  contains plugins_listed "$WORK/out" "    conninfo           a libpq connection string" &&
  contains plugins_listed "$WORK/out" "    query              one SELECT statement" && ok plugins_listed

# --- CSV and SQLite give the same plan ------------------------------------
DB=$WORK/starter.sqlite
set --
for table in $TABLES; do set -- "$@" "$table=$ROOT/examples/starter/data/$table.csv"; done
if expect sqlite_database_built 0 "$CSV_TO_SQLITE" "$DB" "$HERE/schema.sql" "$@"; then
  ok sqlite_database_built
fi
write_ini csv "$WORK/csv.ini"
write_ini sqlite "$WORK/sqlite.ini" "$DB"
plan csv_plan "$EXAMPLE" "$WORK/example.json" && plan csv_plan "$WORK/csv.ini" "$WORK/csv.json" &&
  same csv_plan "$WORK/example.json" "$WORK/csv.json" && ok csv_plan
plan sqlite_plan_identical "$WORK/sqlite.ini" "$WORK/sqlite.json" &&
  same sqlite_plan_identical "$WORK/csv.json" "$WORK/sqlite.json" && ok sqlite_plan_identical

# --- SQLite errors reach the user, located ---------------------------------
sed 's/^table = leadership$/table = leaders/' "$WORK/sqlite.ini" >"$WORK/sqlite-bad.ini"
expect sqlite_missing_table 1 "$SUSTAIN" check "$WORK/sqlite-bad.ini" &&
  contains sqlite_missing_table "$WORK/err" "$DB: cannot read table 'leaders': no such table: leaders" &&
  ok sqlite_missing_table
awk '{ print } /^table = staff_survey$/ { print "query = SELECT * FROM staff_survey" }' \
  "$WORK/sqlite.ini" >"$WORK/sqlite-both.ini"
line=$(grep -n '^\[source staff_survey\]' "$WORK/sqlite-both.ini" | cut -d: -f1)
expect sqlite_table_and_query 1 "$SUSTAIN" check "$WORK/sqlite-both.ini" &&
  contains sqlite_table_and_query "$WORK/err" "sqlite-both.ini:$line: source staff_survey (plugin sqlite" &&
  contains sqlite_table_and_query "$WORK/err" "options table and query are both given" && ok sqlite_table_and_query

# --- PostgreSQL -------------------------------------------------------------
# find_server: sets SERVER_DIR to a running server's folder, or prints why there is none.
SERVER_DIR=""
find_server() {
  if [ -n "${SUSTAIN_TEST_PG_SERVER:-}" ]; then
    if [ -f "$SUSTAIN_TEST_PG_SERVER/conninfo" ]; then SERVER_DIR=$SUSTAIN_TEST_PG_SERVER
    else echo "SUSTAIN_TEST_PG_SERVER=$SUSTAIN_TEST_PG_SERVER holds no conninfo: start it with tests/db/pg_server.sh start"; fi
    return
  fi
  # its own folder, not one inside $WORK: under root the server runs as another user,
  # who must be able to reach it
  SERVER=$(mktemp -d "${TMPDIR:-/tmp}/sustain-pg-XXXXXX")
  if "$HERE/pg_server.sh" start "$SERVER" 2>"$WORK/server-err"; then
    SERVER_DIR=$SERVER
  else
    echo "no PostgreSQL server could be started: $(cat "$WORK/server-err")"
  fi
}
find_server

# load_postgres: a scratch database holding the example's tables, typed by schema.sql.
load_postgres() {
  psql "$ADMIN" -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$DATABASE\"" &&
    psql "$CONNINFO" -q -v ON_ERROR_STOP=1 -f "$HERE/schema.sql" || return 1
  for table in $TABLES; do
    # DOB is DD/MM/YYYY in the CSV: read dates day first
    PGOPTIONS='-c datestyle=ISO,DMY' psql "$CONNINFO" -q -v ON_ERROR_STOP=1 \
      -c "\\copy \"$table\" FROM pstdin WITH (FORMAT csv, HEADER true)" \
      <"examples/starter/data/$table.csv" || return 1
  done
}
POSTGRES_CASES="postgres_data_loaded postgres_plan_identical postgres_password_hidden"
if [ -z "$SERVER_DIR" ]; then
  for name in $POSTGRES_CASES; do skip "$name" "no PostgreSQL server"; done
  "$TEST_POSTGRES" # prints its own skipped cases
  postgres_tests=$?
else
  ADMIN=$(cat "$SERVER_DIR/conninfo")
  DATABASE=sustain_test_$$_$(date +%s)
  CONNINFO=$(echo "$ADMIN" | sed "s/dbname=postgres/dbname=$DATABASE/")
  TCP=$(sed "s/dbname=postgres/dbname=$DATABASE/" "$SERVER_DIR/tcp")
  PASSWORD=$(cat "$SERVER_DIR/password")
  if load_postgres >"$WORK/psql" 2>&1; then
    ok postgres_data_loaded
  else
    bad postgres_data_loaded "loading the example into PostgreSQL failed:" "$(tail -5 "$WORK/psql")"
  fi
  write_ini postgres "$WORK/postgres.ini" "$CONNINFO"
  plan postgres_plan_identical "$WORK/postgres.ini" "$WORK/postgres.json" &&
    same postgres_plan_identical "$WORK/csv.json" "$WORK/postgres.json" &&
    same postgres_plan_identical "$WORK/sqlite.json" "$WORK/postgres.json" && ok postgres_plan_identical

  # the password never shows, whether it is wrong or right
  write_ini postgres "$WORK/postgres-password.ini" "$TCP password=Not-The-$PASSWORD"
  expect postgres_password_hidden 1 "$SUSTAIN" check "$WORK/postgres-password.ini" &&
    contains postgres_password_hidden "$WORK/err" "cannot connect to PostgreSQL" &&
    contains postgres_password_hidden "$WORK/err" "password authentication failed" &&
    lacks postgres_password_hidden "$WORK/err" "$PASSWORD" && ok postgres_password_hidden

  SUSTAIN_TEST_PG_CONNINFO=$CONNINFO SUSTAIN_TEST_PG_TCP=$TCP SUSTAIN_TEST_PG_PASSWORD=$PASSWORD \
    "$TEST_POSTGRES" # its own summary lines count its cases
  postgres_tests=$?
fi

finish "$postgres_tests"
