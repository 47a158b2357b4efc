-- The fidelity test's pack (tests/fidelity/run.py): one ingredient, whose
-- only rule reports the default pack's OC3 counts. run.py copies the default
-- pack's lib/oc3.lua beside this file, so the counts are the ones its rules
-- use.
model {
  ingredients = { { id = "figures", title = "DfE's care-leaver figures" } },
  bands = { { min = 0, label = "reported" } },
}
