-- Every count lib/oc3.lua gives for both of DfE's age groups, as evidence
-- labelled "GROUP name" (e.g. "19-21 suitable"), and the shares oc3.rate gives
-- as "GROUP share name". Counts are recorded without the people behind them,
-- so none is suppressed: the test compares each with DfE's.

local oc3 = require "lib.oc3"

local SHARES = { "eet", "neet", "not_known", "in_touch", "suitable", "unsuitable", "no_information" }

rule {
  id = "figures.oc3_counts",
  ingredient = "figures",
  title = "The OC3 counts and shares of both age groups",
  needs = { "care_leavers" },
  assess = function(a)
    local year = a.attr.collection_year
    for _, group in ipairs(oc3.GROUPS) do
      local o = oc3.outcomes(a.data.care_leavers, year, group)
      local names = {}
      for name in pairs(o) do names[#names + 1] = name end
      for name, count in pairs(oc3.activities(a.data.care_leavers, year, group)) do
        names[#names + 1] = name
        o[name] = count
      end
      table.sort(names)
      for _, name in ipairs(names) do a:evidence(group.id .. " " .. name, o[name]) end
      for _, name in ipairs(SHARES) do
        local share = oc3.rate(o, name)
        if share then a:evidence(group.id .. " share " .. name, share) end
      end
    end
    return 50
  end,
}
