-- The five ingredients that decide whether a pilot is sustained beyond its
-- funding, after the EXIT study of three English authorities' care-leaver
-- pilots (Currie et al., "How to extend pilot innovation in public services",
-- Public Administration, 2024, doi 10.1111/padm.13028).
--
-- Stage weights follow the journey the study describes:
--   pilot       receptivity and senior sponsorship set the trajectory, and
--               young people's involvement from the start matters; adaptation
--               and scaling are still ahead.
--   transition  the year either side of the pilot end: leadership beyond the
--               senior team, evidence of outcomes and a plan to adapt and embed
--               decide whether the service survives the money running out.
--   sustained   running on mainstream money: adaptation and distributed
--               leadership keep it alive; receptivity matters less once the
--               service is part of the organisation.
--   scaling     being rolled out further: adaptation weighs most, and
--               measurement must show the service works in new areas.
-- Co-production matters throughout, a little more at the start.
model {
  name = "Five ingredients of sustaining a pilot",
  ingredients = {
    { id = "receptivity",  title = "Organisational receptivity to innovation" },
    { id = "coproduction", title = "Co-production with care leavers" },
    { id = "leadership",   title = "Distributed leadership" },
    { id = "measurement",  title = "Measuring outcomes that matter" },
    { id = "adaptation",   title = "Adaptation and learning" },
  },
  stages = {
    pilot      = { receptivity = 1.6, coproduction = 1.2, leadership = 0.9, measurement = 1.0, adaptation = 0.6 },
    transition = { receptivity = 1.1, coproduction = 1.1, leadership = 1.3, measurement = 1.2, adaptation = 1.3 },
    sustained  = { receptivity = 0.8, coproduction = 1.0, leadership = 1.4, measurement = 1.1, adaptation = 1.5 },
    scaling    = { receptivity = 0.8, coproduction = 1.0, leadership = 1.2, measurement = 1.2, adaptation = 1.7 },
  },
  bands = {
    { min = 70, label = "likely sustained" },
    { min = 45, label = "fragile" },
    { min = 0,  label = "at risk of pilotitis" },
  },
  ranking = {
    -- Actions are most pressing in the year either side of the pilot end, when
    -- budgets for the following years are set; a service being scaled up has
    -- a new, smaller cliff edge in each new area.
    urgency = { pilot = 1.0, transition = 1.5, sustained = 1.1, scaling = 1.2 },
  },
}
