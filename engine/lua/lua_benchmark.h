/* lua_benchmark.h: reading the table a rule hands to a:benchmark{} into a plan_benchmark
 * (plan_benchmark.h). Every field is checked: wrong types, figures that are not a
 * percentage from 0 to 100 (NaN, infinities), more than ten neighbours, unknown fields,
 * years out of order raise a Lua error that names the field; the sandbox adds the rule
 * file and line. runner.c registers the method and decides suppression. */
#ifndef SUSTAIN_LUA_BENCHMARK_H
#define SUSTAIN_LUA_BENCHMARK_H

#include <lua.h>

#include "arena.h"
#include "plan_benchmark.h"

/* Reads the table at `index` into *out, its texts copied into a; texts (names, titles)
 * are at most label_bytes long. *people is the number of people behind the authority's
 * own figure (its `n`), NAN when not given; *decimals the places the figures it is
 * compared with are published to (its `decimals`), -1 when not given. Raises a Lua error
 * on bad input; returns only on success. */
void lua_benchmark_read(lua_State *L, int index, arena *a, long label_bytes,
                        plan_benchmark *out, double *people, int *decimals);

#endif
