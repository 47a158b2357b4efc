-- expect trap.bm_nan 26 england must be a percentage from 0 to 100
-- expect trap.bm_high 27 england must be a percentage from 0 to 100 (nil when not published), not 101
-- expect trap.bm_type 28 england must be a percentage from 0 to 100 (nil when not published), not string
-- expect trap.bm_many 29 neighbours holds 11 authorities; at most 10
-- expect trap.bm_neighbour 30 neighbours[1].value must be a percentage
-- expect trap.bm_unknown 31 unknown field 'englnd'; did you mean 'england'?
-- expect trap.bm_year 32 year must be a year (a whole number such as 2025), not 2024.5
-- expect trap.bm_order 33 trend[2].year is 2023, after 2024
-- expect trap.bm_id 34 id 'Bad Id' may hold only
-- expect trap.bm_twice 35 id 'x' is already used by this rule
-- expect trap.bm_people 36 authority.n is the number of people
-- expect trap.bm_not_table 37 table expected, got string
-- expect trap.bm_after 38 failed after the benchmark
-- expect trap.bm_scored 39 only a context item can hand over a benchmark
-- expect trap.bm_decimals 40 authority.decimals is the number of decimal places
-- a:benchmark{} given wrong values: each fails with a message naming the field,
-- located at the call; a benchmark handed over before a failure is not shown.
local function b(over)
  local t = { id = 'x', title = 'Outcome', year = 2024, authority = { name = 'Here', value = 50 },
              england = 54, neighbours = { { name = 'There', value = 60 } } }
  for k, v in pairs(over) do t[k] = v end
  return t
end
local many = {}
for i = 1, 11 do many[i] = { name = 'N' .. i, value = i } end
context { id = 'trap.bm_nan', title = 't', assess = function(a) a:benchmark(b { england = 0 / 0 }) end }
context { id = 'trap.bm_high', title = 't', assess = function(a) a:benchmark(b { england = 101 }) end }
context { id = 'trap.bm_type', title = 't', assess = function(a) a:benchmark(b { england = '54%' }) end }
context { id = 'trap.bm_many', title = 't', assess = function(a) a:benchmark(b { neighbours = many }) end }
context { id = 'trap.bm_neighbour', title = 't', assess = function(a) a:benchmark(b { neighbours = { { name = 'N', value = 1 / 0 } } }) end }
context { id = 'trap.bm_unknown', title = 't', assess = function(a) a:benchmark(b { englnd = 54 }) end }
context { id = 'trap.bm_year', title = 't', assess = function(a) a:benchmark(b { year = 2024.5 }) end }
context { id = 'trap.bm_order', title = 't', assess = function(a) a:benchmark(b { trend = { { year = 2024 }, { year = 2023 } } }) end }
context { id = 'trap.bm_id', title = 't', assess = function(a) a:benchmark(b { id = 'Bad Id' }) end }
context { id = 'trap.bm_twice', title = 't', assess = function(a) a:benchmark(b {}) a:benchmark(b {}) end }
context { id = 'trap.bm_people', title = 't', assess = function(a) a:benchmark(b { authority = { name = 'Here', value = 5, n = 'few' } }) end }
context { id = 'trap.bm_not_table', title = 't', assess = function(a) a:benchmark('eet') end }
context { id = 'trap.bm_after', title = 't', assess = function(a) a:benchmark(b {}) error('failed after the benchmark') end }
rule { id = 'trap.bm_scored', ingredient = 'trap', title = 't', assess = function(a) a:benchmark(b {}) return 1 end }
context { id = 'trap.bm_decimals', title = 't', assess = function(a) a:benchmark(b { authority = { name = 'Here', value = 5, decimals = 1.5 } }) end }
