-- A small pack for the forms of check{} (pack_test.lua, tests/checks/run.py):
-- lists of filters, where functions of the authority, unique and found_in.
model {
  ingredients = { "voice" },
  bands = { { min = 0, label = "any" } },
}

rule {
  id = "voice.rows",
  ingredient = "voice",
  title = "People were asked",
  needs = { "people" },
  assess = function(a) return #a.data.people > 0 and 100 or 0 end,
}

check {
  id = "code_blank_or_unknown",
  table = "people",
  message = "code is blank or neither a nor b",
  where = { { code = { not_in = { "a", "b" } } }, { code = { missing = true } } },
}

check {
  id = "born_since",
  table = "people",
  message = "born on or after the authority's date",
  where = function(a) return { born = { ge = a.attr.since or "2000-01-01" } } end,
}

check {
  id = "fails_for_some",
  table = "people",
  message = "code is a",
  where = function(a)
    if a.attr.fail == "yes" then error("no filter for " .. a.id) end
    if a.attr.fail == "number" then return 3 end
    if a.attr.fail == "column" then return { nope = "a" } end
    if a.attr.fail == "mixed" then return { { code = "a" }, code = "b" } end
    if a.attr.fail == "loop" then while true do end end
    return { code = "a" }
  end,
}

check {
  id = "repeated_id",
  table = "people",
  message = "id is on more than one row",
  unique = "id",
}

check {
  id = "repeated_id_among_code_a",
  table = "people",
  message = "id is on more than one row whose code is a",
  where = { code = "a" },
  unique = "id",
}

check {
  id = "repeated_column_absent",
  table = "people",
  message = "never counted: people has no column nope",
  unique = "nope",
}

check {
  id = "found_earlier",
  table = "people",
  message = "id was coded x in the earlier table",
  found_in = { table = "people_before", key = "id", where = { code = "x" } },
}

check {
  id = "found_in_absent_table",
  table = "people",
  message = "never counted: no source gives nobody",
  found_in = { table = "nobody", key = "id" },
}
