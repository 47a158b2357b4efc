/* test_lua_view.c: views as rules see them, and what they keep between calls:
 * compiled filters kept by their exact key (filter_cache.h) for every later
 * call and authority, and tallies of a column over a view (view_memo.h) that
 * answer later counts by its codes. Each test checks answers against a count
 * made row by row in Lua, including the cases where reusing something kept
 * would be wrong. */
#include <lauxlib.h>
#include <lualib.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "evidence.h"
#include "filter_cache.h"
#include "lua_view.h"
#include "test_rule_pack.h"
#include "view_memo.h"

/* Runs a chunk; fails the test with Lua's message when it raises. */
static void run(lua_State *L, const char *code) {
  if (luaL_dostring(L, code) != 0) fail_msg("%s\n%s", lua_tostring(L, -1), code);
  lua_settop(L, 0);
}

/* The integer a chunk returns. */
static lua_Integer integer(lua_State *L, const char *code) {
  if (luaL_dostring(L, code) != 0) fail_msg("%s\n%s", lua_tostring(L, -1), code);
  if (!lua_isinteger(L, -1)) fail_msg("not an integer: %s", code);
  lua_Integer value = lua_tointeger(L, -1);
  lua_settop(L, 0);
  return value;
}

/* Makes the authority's view of table the global name. */
static void set_view(lua_State *L, const char *name, const evidence_table *table,
                     const char *authority) {
  lua_view_push(L, evidence_table_view(table, authority));
  lua_setglobal(L, name);
}

static lua_State *open_state(void) {
  lua_State *L = luaL_newstate();
  assert_non_null(L);
  luaL_openlibs(L);
  lua_view_open(L);
  /* brute(view, test): the rows for which test(row) is true, counted one by one */
  run(L, "function brute(view, test) local n = 0\n"
         "  for row in view:rows() do if test(row) then n = n + 1 end end return n end\n"
         "function is(column, ...) local set = {} for _, v in ipairs({...}) do set[v] = true end\n"
         "  return function(row) return set[row[column]] == true end end");
  return L;
}

static const char *const leavers_rows[] = {
    "north,F1,YES,2001-05-01,201",   "north,G5,NO,2002-06-01,x",
    "north,F1,YES,2003-01-01,201.0", "north,,REFU,,203",
    "north,P1,YES,2001-12-31,204",   "north,G5,YES,2000-04-01,205",
    "north,0,NREQ,2002-02-02,206",   "south,F1,NO,2001-07-07,207",
    "south,P1,YES,1999-09-09,208",   "south,G6,YES,2003-03-03,209",
    NULL};

static evidence_table *leavers(void) {
  return test_table("leavers", "la,ACTIV,IN_TOUCH,DOB,code", leavers_rows);
}

/* The same filter table asked again, after the filter table changed, and on
 * another table whose dictionary gives the same codes other numbers. */
static void test_kept_filters_are_never_confused(void **state) {
  (void)state;
  evidence_table *t = leavers();
  static const char *const other_rows[] = {"north,G5", "north,G5", "north,F1", NULL};
  evidence_table *other = test_table("other", "la,ACTIV", other_rows);
  lua_State *L = open_state();
  set_view(L, "v", t, "north");
  set_view(L, "w", other, "north");
  run(L, "F1 = { ACTIV = 'F1' }");
  for (int again = 0; again < 2; again++) {
    assert_int_equal(integer(L, "return v:count(F1)"), 2);
    assert_int_equal(integer(L, "return w:count(F1)"), 1); /* same text, another table */
    assert_int_equal(integer(L, "return w:count { ACTIV = 'G5' }"), 2);
  }
  run(L, "F1.ACTIV = 'G5'"); /* the same Lua table, now another filter */
  assert_int_equal(integer(L, "return v:count(F1)"), 2);
  run(L, "F1.ACTIV = { 'G5', 'P1' }");
  assert_int_equal(integer(L, "return v:count(F1)"), 3);
  run(L, "F1.ACTIV[#F1.ACTIV + 1] = 'F1'"); /* a longer list */
  assert_int_equal(integer(L, "return v:count(F1)"), 5);
  run(L, "F1.ACTIV = { ne = 'F1' }");
  assert_int_equal(integer(L, "return v:count(F1)"), 4); /* present and not F1 */
  run(L, "F1.IN_TOUCH = 'YES'");
  assert_int_equal(integer(L, "return v:count(F1)"), 2);
  /* numbers on a text column are matched as their text: 201 and 201.0 differ */
  assert_int_equal(integer(L, "return v:count { code = 201 }"), 1);
  assert_int_equal(integer(L, "return v:count { code = 201.0 }"), 1);
  assert_int_equal(integer(L, "return v:count { code = '201.0' }"), 1);
  assert_int_equal(integer(L, "return v:count { code = { 201, 201.0 } }"), 2);
  lua_close(L);
  evidence_table_free(other);
  evidence_table_free(t);
}

/* A filter that is refused is refused every time, never answered from a
 * filter kept before. */
static void test_refused_filters_stay_refused(void **state) {
  (void)state;
  evidence_table *t = leavers();
  lua_State *L = open_state();
  set_view(L, "v", t, "north");
  static const char *const refused[] = {
      "return v:count { ACTIV = {} }",        "return v:count { ACTIV = true }",
      "return v:count { NOPE = 'F1' }",       "return v:count { [1] = 'F1' }",
      "return v:count { DOB = { ge = 3 } }",  "return v:count { ACTIV = { lt = 'F1' } }",
      "return v:count { ACTIV = { eq = {} } }", "return v:count { ACTIV = { missing = 1 } }",
  };
  for (int again = 0; again < 2; again++)
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
      assert_int_not_equal(luaL_dostring(L, refused[i]), 0);
      lua_settop(L, 0);
      /* and the state still answers */
      assert_int_equal(integer(L, "return v:count { ACTIV = 'F1' }"), 2);
    }
  lua_close(L);
  evidence_table_free(t);
}

/* The error message a chunk raises (the test fails when it raises none). */
static const char *raised(lua_State *L, const char *code, char *message, size_t size) {
  if (luaL_dostring(L, code) == 0) fail_msg("no error: %s", code);
  snprintf(message, size, "%s", lua_tostring(L, -1));
  lua_settop(L, 0);
  return message;
}

/* A view method given anything but a view (a table, a string, a userdata of
 * another kind, nothing) raises Lua's usual error naming the view's type; a
 * method taken apart from its view still works on a view. */
static void test_methods_take_only_views(void **state) {
  (void)state;
  evidence_table *t = leavers();
  lua_State *L = open_state();
  set_view(L, "v", t, "north");
  char message[512];
  static const char *const wrong[] = {
      "return v.count({})",         "return v.count('v')",
      "return v.count(io.stdout)",  "return v.where(nil, { ACTIV = 'F1' })",
      "return v.columns(5)",        "return v.distinct(false, 'ACTIV')"};
  for (size_t i = 0; i < sizeof wrong / sizeof *wrong; i++)
    assert_non_null(strstr(raised(L, wrong[i], message, sizeof message), "sustain.view expected"));
  assert_int_equal(integer(L, "local count = v.count return count(v, { ACTIV = 'F1' })"), 2);
  assert_int_equal(integer(L, "local where = v.where return #where(v, { ACTIV = 'F1' })"), 2);
  assert_int_equal(integer(L, "return #v"), 7);
  lua_close(L);
  evidence_table_free(t);
}

/* A filter whose key would pass the room kept for keys (1024 bytes) is
 * compiled on every call, and one just within it is kept: both answer right,
 * and the first is never taken for a kept filter that shares its start. */
static void test_filters_past_the_key_room(void **state) {
  (void)state;
  evidence_table *t = leavers();
  lua_State *L = open_state();
  set_view(L, "v", t, "north");
  /* each code takes 9 + 8 bytes of key: 60 of them pass the room, 50 do not */
  run(L, "function codes(n, last) local list = {} for i = 1, n - 1 do list[i] = string.format('X%07d', i) end\n"
         "  list[n] = last return list end");
  for (int again = 0; again < 2; again++) {
    assert_int_equal(integer(L, "return v:count { ACTIV = codes(60, 'F1') }"), 2);
    assert_int_equal(integer(L, "return v:count { ACTIV = codes(60, 'G5') }"), 2);
    assert_int_equal(integer(L, "return v:count { ACTIV = codes(50, 'P1') }"), 1);
    assert_int_equal(integer(L, "return v:count { ACTIV = codes(50, '0') }"), 1);
    assert_int_equal(integer(L, "return #v:where { ACTIV = codes(60, 'F1') }"), 2);
  }
  lua_close(L);
  evidence_table_free(t);
}

/* A where asked again while the view it made is alive gets that view (views
 * cannot be changed), and one made anew once it was collected; a view kept
 * from one authority keeps its rows when the next authority asks the same. */
static void test_where_asked_again_shares_its_view(void **state) {
  (void)state;
  evidence_table *t = leavers();
  lua_State *L = open_state();
  set_view(L, "v", t, "north");
  assert_int_equal(integer(L, "local a, b = v:where { ACTIV = 'F1' }, v:where { ACTIV = 'F1' }\n"
                              "return (rawequal(a, b) and 1 or 0) + #a + #b"),
                   1 + 2 + 2);
  assert_int_equal(integer(L, "return rawequal(v:where { ACTIV = 'F1' }, v:where { ACTIV = 'G5' })"
                              " and 1 or 0"), 0);
  run(L, "kept = v:where { IN_TOUCH = 'YES' } collectgarbage() collectgarbage()");
  assert_int_equal(integer(L, "return rawequal(kept, v:where { IN_TOUCH = 'YES' }) and 1 or 0"), 1);
  assert_int_equal(integer(L, "return #v:where { ACTIV = 'F1' }"), 2); /* made anew */
  lua_view_forget(L);
  set_view(L, "v", t, "south");
  assert_int_equal(integer(L, "return rawequal(kept, v:where { IN_TOUCH = 'YES' }) and 1 or 0"), 0);
  assert_int_equal(integer(L, "return #v:where { IN_TOUCH = 'YES' }"), 2);
  assert_int_equal(integer(L, "return #kept"), 4);
  assert_int_equal(integer(L, "return kept:count { ACTIV = 'F1' }"), 2);
  lua_close(L);
  evidence_table_free(t);
}

/* Dates worked out per authority make other filters; answers are forgotten
 * between authorities, kept filters are not, and both stay right. */
static void test_each_authority_gets_its_own_answers(void **state) {
  (void)state;
  evidence_table *t = leavers();
  lua_State *L = open_state();
  static const char *const authorities[] = {"north", "south", "north"};
  static const char *const dates[] = {"2001-06-01", "2000-01-01", "2002-12-31"};
  for (size_t i = 0; i < 3; i++) {
    lua_view_forget(L);
    set_view(L, "v", t, authorities[i]);
    lua_pushstring(L, dates[i]);
    lua_setglobal(L, "since");
    assert_int_equal(integer(L, "return v:count { DOB = { gt = since } }"),
                     integer(L, "return brute(v, function(r) return r.DOB and r.DOB > since end)"));
    assert_int_equal(integer(L, "return v:count { ACTIV = 'F1' }"), integer(L, "return brute(v, is('ACTIV', 'F1'))"));
    assert_int_equal(integer(L, "return #v:where { IN_TOUCH = 'YES' }"),
                     integer(L, "return brute(v, is('IN_TOUCH', 'YES'))"));
  }
  lua_close(L);
  evidence_table_free(t);
}

/* Counts by codes of one column over narrowed views: each view has its own
 * tally, and a count by two columns is not answered from either. */
static void test_counts_over_narrowed_views(void **state) {
  (void)state;
  evidence_table *t = leavers();
  lua_State *L = open_state();
  for (int authority = 0; authority < 2; authority++) {
    lua_view_forget(L);
    set_view(L, "v", t, authority ? "south" : "north");
    run(L, "yes, no = v:where { IN_TOUCH = 'YES' }, v:where { IN_TOUCH = { ne = 'YES' } }\n"
           "old = v:where { DOB = { le = '2001-12-31' } }");
    static const char *const views[] = {"v", "yes", "no", "old", "yes:where { ACTIV = 'F1' }"};
    static const char *const filters[][2] = {
        {"{ ACTIV = 'F1' }", "is('ACTIV', 'F1')"},
        {"{ ACTIV = { 'G5', 'P1' } }", "is('ACTIV', 'G5', 'P1')"},
        {"{ ACTIV = { ne = { 'F1', '0' } } }", "function(r) return r.ACTIV and r.ACTIV ~= 'F1' and r.ACTIV ~= '0' end"},
        {"{ ACTIV = { missing = true } }", "function(r) return r.ACTIV == nil end"},
        {"{ ACTIV = { missing = false, ne = 'G5' } }", "function(r) return r.ACTIV and r.ACTIV ~= 'G5' end"},
        {"{ ACTIV = 'none' }", "is('ACTIV', 'none')"},
        {"{ IN_TOUCH = 'YES' }", "is('IN_TOUCH', 'YES')"},
        {"{ ACTIV = 'F1', IN_TOUCH = 'YES' }", "function(r) return r.ACTIV == 'F1' and r.IN_TOUCH == 'YES' end"},
    };
    for (int again = 0; again < 2; again++)
      for (size_t i = 0; i < sizeof views / sizeof *views; i++)
        for (size_t k = 0; k < sizeof filters / sizeof *filters; k++) {
          char counted[512], expected[512];
          snprintf(counted, sizeof counted, "local x = %s return x:count %s", views[i], filters[k][0]);
          snprintf(expected, sizeof expected, "return brute(%s, %s)", views[i], filters[k][1]);
          lua_Integer want = integer(L, expected);
          if (integer(L, counted) != want) fail_msg("%s: want %lld", counted, (long long)want);
          snprintf(counted, sizeof counted,
                   "local x = %s local s, n = x:share %s return n == 0 and 0 or math.floor(s * n + 0.5)",
                   views[i], filters[k][0]);
          assert_int_equal(integer(L, counted), want);
        }
  }
  lua_close(L);
  evidence_table_free(t);
}

/* Past the bound, kept filters are dropped and filled again: many distinct
 * filters leave the cache within its bounds and every answer right. */
static void test_many_filters_stay_bounded(void **state) {
  (void)state;
  evidence_table *t = leavers();
  lua_State *L = open_state();
  set_view(L, "v", t, "north");
  assert_int_equal(integer(L, "local wrong = 0\n"
                              "for i = 1, 3 * 512 do\n"
                              "  local code = (i % 7 == 0) and 'F1' or ('Z' .. i)\n"
                              "  local want = code == 'F1' and 2 or 0\n"
                              "  if v:count { ACTIV = code } ~= want then wrong = wrong + 1 end\n"
                              "  if v:count { ACTIV = code } ~= want then wrong = wrong + 1 end\n"
                              "end return wrong"),
                   0);
  lua_close(L);
  evidence_table_free(t);
}

/* The cache itself: found only for the same table and the same key bytes,
 * and bounded in filters and bytes. */
static void test_filter_cache_keys_and_bounds(void **state) {
  (void)state;
  evidence_table *t = leavers(), *other = leavers();
  filter_cache *cache = filter_cache_new();
  assert_non_null(cache);
  char error[200];
  const char *f1 = "F1";
  size_t two = 2;
  evidence_filter filter = {0};
  assert_int_equal(evidence_filter_add_set(&filter, t, 1, 0, &f1, &two, NULL, 1, error, sizeof error), 0);
  const unsigned char key[] = "key one", near[] = "key onf";
  const cached_filter *kept = filter_cache_keep(cache, t, key, sizeof key, &filter);
  assert_non_null(kept);
  assert_int_equal(filter.count, 0); /* moved into the cache */
  assert_int_equal(kept->filter.count, 1);
  assert_int_equal(kept->byte_count, evidence_filter_bytes(&kept->filter, NULL, 0));
  assert_ptr_equal(filter_cache_find(cache, t, key, sizeof key), kept);
  assert_null(filter_cache_find(cache, other, key, sizeof key)); /* another table */
  assert_null(filter_cache_find(cache, t, near, sizeof near));   /* one byte apart */
  assert_null(filter_cache_find(cache, t, key, sizeof key - 1)); /* a prefix */
  for (unsigned i = 0; i < 3 * FILTER_CACHE_MAX_FILTERS; i++) {
    evidence_filter more = {0};
    assert_int_equal(evidence_filter_add_set(&more, t, 1, 0, &f1, &two, NULL, 1, error, sizeof error), 0);
    assert_non_null(filter_cache_keep(cache, t, (const unsigned char *)&i, sizeof i, &more));
    assert_true(filter_cache_count(cache) <= FILTER_CACHE_MAX_FILTERS);
    assert_true(filter_cache_bytes(cache) <= FILTER_CACHE_MAX_BYTES);
    evidence_filter_free(&more);
  }
  filter_cache_free(cache);
  evidence_table_free(other);
  evidence_table_free(t);
}

/* Tallies in the memo: kept per view and column, forgotten when cleared. */
static void test_memo_tallies(void **state) {
  (void)state;
  evidence_table *t = leavers();
  view_memo *memo = view_memo_new();
  assert_non_null(memo);
  uint64_t activ = 1, in_touch = 2;
  memo_question q = {MEMO_TALLY, t, 0, 7, 0, (const unsigned char *)&activ, sizeof activ};
  const uint32_t counts[] = {1, 2, 2, 1, 1};
  assert_null(view_memo_tally(memo, &q));
  view_memo_keep_tally(memo, &q, counts, 5);
  const uint32_t *kept = view_memo_tally(memo, &q);
  assert_non_null(kept);
  assert_memory_equal(kept, counts, sizeof counts);
  memo_question column = q, range = q, selection = q, count = q;
  column.filter = (const unsigned char *)&in_touch;
  range.end = 6;
  selection.start = selection.end = 0, selection.selection = 1;
  count.kind = MEMO_COUNT;
  assert_null(view_memo_tally(memo, &column));
  assert_null(view_memo_tally(memo, &range));
  assert_null(view_memo_tally(memo, &selection));
  size_t n;
  assert_int_equal(view_memo_count(memo, &count, &n), 0);
  view_memo_clear(memo);
  assert_null(view_memo_tally(memo, &q));
  view_memo_free(memo);
  evidence_table_free(t);
}

/* Identifiers of one numbered form (N and nine digits, kept as numbers): rules
 * read them back as the same text, in rows, lists of distinct values and filters. */
static void test_numbered_identifiers_read_as_text(void **state) {
  (void)state;
  enum { ROWS = 10000 };
  static char lines[ROWS][32];
  static const char *rows[ROWS + 1];
  for (size_t r = 0; r < ROWS; r++) {
    if (r % 7 == 3) snprintf(lines[r], sizeof lines[r], "north,");
    else snprintf(lines[r], sizeof lines[r], "north,N%09zu", (ROWS - r / 2) * 131);
    rows[r] = lines[r];
  }
  rows[ROWS] = NULL;
  evidence_table *t = test_table("people", "la,CHILD", rows);
  assert_non_null(t->columns[1].numbered.values);
  lua_State *L = open_state();
  set_view(L, "v", t, "north");
  /* distinct: sorted, each once, leading zeros kept, the same as the rows give */
  run(L, "seen, list = {}, {}\n"
         "for row in v:rows() do if row.CHILD and not seen[row.CHILD] then\n"
         "  seen[row.CHILD] = true; list[#list + 1] = row.CHILD end end\n"
         "table.sort(list)\n"
         "d = v:distinct('CHILD')\n"
         "assert(#d == #list, #d .. ' distinct, ' .. #list .. ' by rows')\n"
         "for i = 1, #d do assert(d[i] == list[i], d[i] .. ' ~= ' .. list[i]) end\n"
         "assert(d[1] == 'N000655131' and #d[1] == 10, d[1])");
  assert_int_equal(integer(L, "return #v:distinct('CHILD')"), 5000);
  assert_int_equal(integer(L, "return v:count { CHILD = 'N000786000' }"), 2);
  assert_int_equal(integer(L, "return v:count { CHILD = 'N786000' }"), 0);
  assert_int_equal(integer(L, "return v:count { CHILD = { ne = 'N000786000' } }"),
                   ROWS - ROWS / 7 - 1 - 2);
  lua_close(L);
  evidence_table_free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_kept_filters_are_never_confused),
      cmocka_unit_test(test_refused_filters_stay_refused),
      cmocka_unit_test(test_methods_take_only_views),
      cmocka_unit_test(test_where_asked_again_shares_its_view),
      cmocka_unit_test(test_filters_past_the_key_room),
      cmocka_unit_test(test_each_authority_gets_its_own_answers),
      cmocka_unit_test(test_counts_over_narrowed_views),
      cmocka_unit_test(test_many_filters_stay_bounded),
      cmocka_unit_test(test_filter_cache_keys_and_bounds),
      cmocka_unit_test(test_memo_tallies),
      cmocka_unit_test(test_numbered_identifiers_read_as_text),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
