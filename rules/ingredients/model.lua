-- The five ingredients of sustaining a pilot, after the EXIT study of care-leaver
-- pilots (Currie et al., Public Administration, 2024). Weights follow the
-- journey: receptivity and senior sponsorship matter most while the pilot is
-- set up; adaptation, embedding and distributed leadership once pilot money ends.
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
    pilot      = { receptivity = 1.5, coproduction = 1.2, leadership = 1.0, measurement = 1.0, adaptation = 0.7 },
    transition = { receptivity = 1.2, coproduction = 1.0, leadership = 1.3, measurement = 1.0, adaptation = 1.3 },
    sustained  = { receptivity = 0.8, coproduction = 1.0, leadership = 1.3, measurement = 1.0, adaptation = 1.5 },
    scaling    = { receptivity = 0.8, coproduction = 1.0, leadership = 1.2, measurement = 1.1, adaptation = 1.6 },
  },
  bands = {
    { min = 70, label = "likely sustained" },
    { min = 45, label = "fragile" },
    { min = 0,  label = "at risk of pilotitis" },
  },
  ranking = {
    -- actions are most pressing around the end of pilot funding
    urgency = { pilot = 1.0, transition = 1.5, sustained = 1.1, scaling = 1.0 },
  },
}
