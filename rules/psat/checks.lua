-- Data quality of the PSAT answers. Rows these checks count are left out of
-- the scores (lib/responses.lua reads the same rules), and the plan lists
-- each check with its count, never the rows.

local psat = require "lib.psat"
local responses = require "lib.responses"

check {
  id = "psat_rating_not_on_scale",
  table = psat.table,
  message = "rating is not a whole number from 1 to 7 or NA (not able to answer)",
  where = { rating = { not_in = responses.rating_values(psat) } },
}

check {
  id = "psat_rating_blank",
  table = psat.table,
  message = "rating is blank: write NA when the respondent was not able to answer",
  where = { rating = { missing = true } },
}

check {
  id = "psat_unknown_item",
  table = psat.table,
  message = "item is not a PSAT item id (ES, FS, PA, OC, EV, AD, CO or SP followed by 1 to 5)",
  where = { item = { not_in = responses.item_ids(psat) } },
}

check {
  id = "psat_item_blank",
  table = psat.table,
  message = "item is blank, so the rating cannot be given to a domain",
  where = { item = { missing = true } },
}

check {
  id = "psat_respondent_blank",
  table = psat.table,
  message = "respondent is blank, so the rating cannot be counted for anyone",
  where = { respondent = { missing = true } },
}
