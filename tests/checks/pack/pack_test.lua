-- Tests of the forms of check{} in the pack beside this file.

local PEOPLE = {
  { id = "p1", code = "a", born = "1999-05-01" },
  { id = "p2", code = "b", born = "2001-05-01" },
  { id = "p1", code = "c", born = "2003-05-01" },
  { id = "p3", born = "2005-05-01" },
  { id = "p4", code = "a", born = "2005-05-01" },
  { code = "a" },
  { code = "a" },
}

local function run(t, attr, data)
  return t:run { stage = "pilot", suppress_below = 1, attr = attr, data = data or { people = PEOPLE } }
end

test("a list of filters counts a row once, whichever it breaks", function(t)
  local r = run(t, {})
  t:eq(r.data_quality.code_blank_or_unknown, 2, "c and the blank")
end)

test("a where function is asked for each authority", function(t)
  t:eq(run(t, { since = "2002-01-01" }).data_quality.born_since, 3)
  t:eq(run(t, { since = "2004-01-01" }).data_quality.born_since, 2)
  t:eq(run(t, {}).data_quality.born_since, 4, "the function's own default")
  t:eq(run(t, {}).errors, {})
end)

test("a where function that fails is an error of the plan, and the other checks count", function(t)
  local r = run(t, { fail = "yes" })
  t:eq(r.data_quality.fails_for_some, nil)
  t:eq(#r.errors, 1)
  t:eq(r.errors[1].rule, "fails_for_some")
  t:eq(r.errors[1].message, "check 'fails_for_some': no filter for test")
  t:eq(r.data_quality.code_blank_or_unknown, 2)
  t:eq(run(t, {}).data_quality.fails_for_some, 4, "fine for another authority")
end)

test("a where function must return filters on the table's columns", function(t)
  t:eq(run(t, { fail = "number" }).errors[1].message,
       "check 'fails_for_some': where returned number; return a filter or a list of filters")
  t:ok(run(t, { fail = "column" }).errors[1].message:find("table 'people' has no column 'nope'", 1, true))
  t:ok(run(t, { fail = "mixed" }).errors[1].message:find("not a mix", 1, true))
end)

test("a where function is held to the rules' instruction limit", function(t)
  local r = run(t, { fail = "loop" })
  t:eq(r.errors[1].rule, "fails_for_some")
  t:ok(r.errors[1].message:find("instruction", 1, true), r.errors[1].message)
  t:eq(r.rules["voice.rows"].status, "assessed")
end)

test("unique counts every row of an id on more than one row, never a blank id", function(t)
  local r = run(t, {})
  t:eq(r.data_quality.repeated_id, 2)
  t:eq(r.data_quality.repeated_id_among_code_a, nil, "p1 only once with code a")
  t:eq(r.data_quality.repeated_column_absent, nil)
  local again = run(t, {}, { people = { { id = "q", code = "a" }, { id = "q", code = "a" }, { id = "q", code = "b" } } })
  t:eq(again.data_quality.repeated_id, 3)
  t:eq(again.data_quality.repeated_id_among_code_a, 2)
end)

test("found_in looks the id up among the other table's rows", function(t)
  local r = run(t, {}, { people = PEOPLE, people_before = {
    { id = "p1", code = "x" }, { id = "p3", code = "y" }, { id = "p4", code = "x" }, { code = "x" },
  } })
  t:eq(r.data_quality.found_earlier, 3, "p1 twice and p4; p3 was not x; a blank id is nobody")
  t:eq(r.data_quality.found_in_absent_table, nil)
  t:eq(run(t, {}).data_quality.found_earlier, nil, "without the earlier table the check does not run")
end)
