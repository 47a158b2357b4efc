-- The five ingredients that decide whether a pilot is sustained beyond its
-- funding, after the EXIT study of three English authorities' care-leaver
-- pilots (Currie et al., "How to extend pilot innovation in public services",
-- Public Administration, 2024, doi 10.1111/padm.13028). docs/research.md
-- says which finding each rule rests on.
--
-- The titles are what a care leavers' council reads in the plan's summary,
-- so they say in plain words what the study's terms mean.
--
-- The stage weights are this pack's assumptions, not figures from the study.
-- What the study does say is that the ingredients matter differently along
-- the journey: receptivity sets the trajectory at the start, and adaptation,
-- embedding in mainstream services and distributed leadership matter more
-- once the pilot funding ends. The weights put that into numbers:
--   pilot       receptivity and senior sponsorship set the trajectory, and
--               young people's involvement from the start matters; adaptation
--               and scaling are still ahead.
--   transition  the year either side of the pilot end: leadership beyond the
--               senior team, measurement and a plan to adapt and embed
--               decide whether the service survives the money running out.
--   sustained   running on mainstream money: adaptation and distributed
--               leadership keep it alive; receptivity matters less once the
--               service is part of the organisation.
--   scaling     being rolled out further: adaptation weighs most.
-- Co-production matters throughout (the study calls it particularly
-- important), a little more at the start. An authority can set its own
-- weights in its INI file ([weights], weight.ID).
model {
  name = "Five ingredients of sustaining a pilot",
  ingredients = {
    -- `plain`: the same in young people's words, for the plan's version for
    -- them (sustain run --audience young-people)
    { id = "receptivity",  title = "How open the organisation is to new ideas",
      plain = "Whether managers welcome new ideas and give staff time to try them" },
    { id = "coproduction", title = "Care leavers shaping the service",
      plain = "How much you help shape the service" },
    { id = "leadership",   title = "Leadership shared beyond senior managers",
      plain = "Whether people at every level, not only top managers, stand up for the service" },
    { id = "measurement",  title = "Measuring what matters to care leavers",
      plain = "Whether we keep track of what matters to you, like how you feel, not only jobs and housing" },
    { id = "adaptation",   title = "Changing the service as needs change",
      plain = "Whether we change the service when what you need changes" },
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
    -- the summary names this band once, with its meaning in plain words
    { min = 0,  label = "at risk of pilotitis",
      meaning = "pilotitis is when a pilot that helps people closes once its first, short-term money runs out" },
  },
  ranking = {
    -- Actions are most pressing in the year either side of the pilot end, when
    -- budgets for the following years are set; a service being scaled up has
    -- a new, smaller cliff edge in each new area.
    urgency = { pilot = 1.0, transition = 1.5, sustained = 1.1, scaling = 1.2 },
  },
}
