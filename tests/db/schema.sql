-- The starter example's four tables (examples/starter/data/*.csv), typed, in SQL that
-- SQLite and PostgreSQL both take. Identifiers are quoted so that CHILD keeps its case
-- in PostgreSQL. The types exercise each plugin's mapping: INTEGER, NUMERIC and DOUBLE
-- PRECISION become numbers, DATE a date (DOB is written DD/MM/YYYY in the CSV), TEXT text.
CREATE TABLE "care_leavers" (
  "la" TEXT, "CHILD" INTEGER, "DOB" DATE, "IN_TOUCH" TEXT, "ACTIV" TEXT, "ACCOM" TEXT
);
CREATE TABLE "participation" (
  "la" TEXT, "date" DATE, "kind" TEXT, "young_people" INTEGER, "level" TEXT,
  "changed_decision" TEXT
);
CREATE TABLE "leadership" (
  "la" TEXT, "role" TEXT, "level" TEXT, "active" TEXT, "since" DATE
);
CREATE TABLE "staff_survey" (
  "la" TEXT, "respondent" TEXT, "leaders_welcome_ideas" INTEGER, "safe_to_try" NUMERIC,
  "time_to_innovate" DOUBLE PRECISION
);
