-- Data quality of the CSAT answers. Rows these checks count are left out of
-- the scores (lib/responses.lua reads the same rules), and the plan lists
-- each check with its count, never the rows.

local csat = require "lib.csat"
local responses = require "lib.responses"

check {
  id = "csat_rating_not_on_scale",
  table = csat.table,
  message = "rating is not a whole number from 1 to 7 or NA (not able to answer)",
  where = { rating = { not_in = responses.rating_values(csat) } },
}

check {
  id = "csat_rating_blank",
  table = csat.table,
  message = "rating is blank: write NA when the respondent was not able to answer",
  where = { rating = { missing = true } },
}

check {
  id = "csat_unknown_item",
  table = csat.table,
  message = "item is not a CSAT item id (SL, SH, OR, WI, IT, ME or OE followed by 1 to 5)",
  where = { item = { not_in = responses.item_ids(csat) } },
}

check {
  id = "csat_item_blank",
  table = csat.table,
  message = "item is blank, so the rating cannot be given to a domain",
  where = { item = { missing = true } },
}

check {
  id = "csat_respondent_blank",
  table = csat.table,
  message = "respondent is blank, so the rating cannot be counted for anyone",
  where = { respondent = { missing = true } },
}
