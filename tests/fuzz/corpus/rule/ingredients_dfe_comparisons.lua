-- Measurement against DfE's published figures for England, the authority's
-- region and its ten statistical neighbours, read from DfE's own files when
-- the assessment loads them (sources dfe_activity, dfe_accommodation and
-- dfe_neighbours; see docs/data.md). Without those files these rules are not
-- assessed. The authority's own figure is computed from its SSDA903 records
-- (DfE definitions, lib/oc3.lua); without records, DfE's published figure for
-- the authority is used.

local score = require "lib.score"
local dates = require "lib.dates"
local oc3 = require "lib.oc3"
local dfe = require "lib.dfe"

-- Each percentage point above or below the comparison group moves the score
-- this far from 50.
local POINTS = { eet = 2.5, suitable = 5 }

local function compare(a, source, measure, words)
  local code = a.attr.la_code
  if code == nil then
    return nil, "the config gives no la_code for this authority (DfE's 3-digit code, e.g. 935, or its E-code)"
  end
  local published = a.data[source]
  local year = dates.collection_year(a)
  local file_year = dfe.year(published, year)
  if not file_year then
    return nil, string.format("the DfE file for %s has no year up to %d", source, year)
  end
  local la = dfe.find_la(published, code)
  if not la then
    return nil, string.format("the DfE file for %s has no local authority with code %s", source, tostring(code))
  end
  local neighbours = dfe.neighbours(a.data.dfe_neighbours, la.old_code)
  local breakdown = dfe.BREAKDOWN[measure]
  local records = a.data.care_leavers
  local own_records = records and #records > 0

  a:evidence("DfE comparison year (year to 31 March)", file_year)
  a:evidence("Region", la.region or "not known")
  local total, weight, worst = 0, 0, nil
  for _, group in ipairs(oc3.GROUPS) do
    local own, people
    if own_records then
      local o = oc3.outcomes(records, year, group)
      if o.n > 0 then own, people = 100 * o[measure] / o.n, o.n end
    else
      own = dfe.percent(published, la.filter, file_year, group, breakdown)
    end
    if own then
      local england = dfe.percent(published, { geographic_level = "National" }, file_year, group, breakdown)
      local region = la.region and dfe.percent(published, { geographic_level = "Regional", region_name = la.region },
                                                file_year, group, breakdown)
      local sn, sn_count, best_name, best = dfe.neighbour_figures(published, neighbours, file_year, group, breakdown)
      local label = own_records and "This authority's records" or "DfE's published figure for this authority"
      a:evidence(string.format("%s: aged %s %s", label, group.label, words), own / 100, people)
      if england then a:evidence(string.format("England, aged %s", group.label), england / 100) end
      if region then a:evidence(string.format("%s, aged %s", la.region, group.label), region / 100) end
      if sn then
        a:evidence(string.format("Statistical neighbours' average, aged %s (%d of %d published)", group.label,
                                 sn_count, #neighbours), sn / 100)
      end
      -- like for like first: neighbours when at least three have figures, then
      -- the region, then England
      local against, against_name
      if sn and sn_count >= 3 then against, against_name = sn, "its statistical neighbours"
      elseif region then against, against_name = region, la.region
      elseif england then against, against_name = england, "England" end
      if against then
        local gap = own - against
        local w = people or 1
        total, weight = total + w * score.clamp(50 + POINTS[measure] * gap), weight + w
        if group.id == "19-21" or not worst then
          worst = { gap = gap, name = against_name, group = group, best_name = best_name, best = best, own = own }
        end
      end
    end
  end
  if weight == 0 then
    return nil, "neither this authority's figures nor a comparison group's are published for " .. file_year
  end
  return total / weight, worst
end

rule {
  id = "measurement.eet_against_neighbours",
  ingredient = "measurement",
  title = "Care leavers in education, employment or training, compared with similar authorities and the region",
  needs = { "dfe_activity" },
  assess = function(a)
    local s, worst = compare(a, "dfe_activity", "eet", "in education, employment or training")
    if not s then return nil, worst end
    if worst and worst.gap < -3 and worst.best_name then
      a:action {
        id = "measurement.learn_from_neighbour_eet",
        title = string.format("Arrange a practice exchange on education, work and training with %s's leaving care service", worst.best_name),
        owner = "head of service",
        effort = "low",
        impact = 8,
        why = string.format("Care leavers aged %s here are %.0f points behind %s in education, employment or training; %s, a statistical neighbour, reaches %.0f%%.",
                            worst.group.label, -worst.gap, worst.name, worst.best_name, worst.best),
      }
    end
    return s
  end,
}

rule {
  id = "measurement.accommodation_against_neighbours",
  ingredient = "measurement",
  title = "Care leavers in suitable accommodation, compared with similar authorities and the region",
  needs = { "dfe_accommodation" },
  assess = function(a)
    local s, worst = compare(a, "dfe_accommodation", "suitable", "in suitable accommodation")
    if not s then return nil, worst end
    if worst and worst.gap < -3 and worst.best_name then
      a:action {
        id = "measurement.learn_from_neighbour_housing",
        title = string.format("Ask %s how it finds suitable accommodation for its care leavers, and adopt what fits", worst.best_name),
        owner = "head of service with the housing options manager",
        effort = "low",
        impact = 8,
        why = string.format("Care leavers aged %s here are %.0f points behind %s in suitable accommodation; %s, a statistical neighbour, reaches %.0f%%.",
                            worst.group.label, -worst.gap, worst.name, worst.best_name, worst.best),
      }
    end
    return s
  end,
}
