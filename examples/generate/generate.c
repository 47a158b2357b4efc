/* generate.c: deterministic evidence data for sustain's examples.
 *
 *   sustain-generate three-authorities [--year YYYY] OUTDIR
 *
 * writes one CSV file per table of the evidence model (docs/data.md) into
 * OUTDIR: the three fictional authorities of examples/three-authorities.
 * The output is the same, byte for byte, on every run and every platform:
 * all randomness comes from one fixed seed through splitmix64 (never rand()),
 * and every authority and table draws from its own stream derived from
 * (seed, authority, table), so one authority's rows never depend on another's.
 * That is also what lets a later `national` command generate 155 authorities
 * (one million care_leavers rows at scale 1) in any order or in parallel:
 * it needs only a function that synthesises a profile for authority i and a
 * loop over the same table writers.
 *
 * C11, no dependencies beyond the C library and engine/shared/civil_days.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil_days.h"

#define SEED UINT64_C(20240331)

/* ---------------------------------------------------------------- random */

typedef struct {
  uint64_t state;
} rng;

static uint64_t splitmix64(uint64_t *state) {
  uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* An independent stream for one authority and one table. */
static rng rng_stream(uint64_t seed, uint64_t authority, uint64_t table) {
  uint64_t s = seed;
  uint64_t a = splitmix64(&s) ^ (authority * UINT64_C(0xD1B54A32D192ED03));
  uint64_t b = splitmix64(&a) ^ (table * UINT64_C(0x8CB92BA72F3D8DD7));
  rng r = {splitmix64(&b)};
  return r;
}

/* A double in [0, 1) from the top 53 bits. */
static double rng_unit(rng *r) { return (double)(splitmix64(&r->state) >> 11) * 0x1.0p-53; }

static int rng_chance(rng *r, double p) { return rng_unit(r) < p; }

/* An integer in [lo, hi]. */
static int rng_between(rng *r, int lo, int hi) {
  return lo + (int)(rng_unit(r) * (double)(hi - lo + 1));
}

/* An index into weights[0..n), chosen in proportion to the weights. */
static int rng_weighted(rng *r, const double *weights, int n) {
  double total = 0;
  for (int i = 0; i < n; i++) total += weights[i];
  double x = rng_unit(r) * total;
  for (int i = 0; i < n; i++) {
    if (x < weights[i]) return i;
    x -= weights[i];
  }
  return n - 1;
}

/* A whole-number answer on lo..hi centred on `mean`, with a spread of about one
 * step either side (a sum of uniforms, so no floating-point library calls). */
static int rng_scale(rng *r, double mean, int lo, int hi) {
  double x = mean + (rng_unit(r) + rng_unit(r) + rng_unit(r) - 1.5) * 1.6;
  int v = (int)(x + 0.5 + 1000) - 1000; /* round half up, also below zero */
  return v < lo ? lo : v > hi ? hi : v;
}

/* ----------------------------------------------------------------- dates */

typedef int day; /* days since 1970-01-01 */

/* Room for a formatted date, with space to spare so no compiler sees truncation. */
enum { DATE_TEXT = 32 };

static day day_from_civil(int y, int m, int d) {
  return (day)civil_days_from_date(y, m, d);
}

static void civil_from_day(day z, int *y, int *m, int *d) {
  long year;
  civil_days_to_date(z, &year, m, d);
  *y = (int)year;
}

/* "YYYY-MM-DD" (ISO, the pack's own tables) into buf[DATE_TEXT]. */
static const char *iso(char *buf, day z) {
  int y, m, d;
  civil_from_day(z, &y, &m, &d);
  snprintf(buf, DATE_TEXT, "%04d-%02d-%02d", y % 10000, m, d);
  return buf;
}

/* "DD/MM/YYYY" (as SSDA903 returns write dates) into buf[DATE_TEXT]. */
static const char *dmy(char *buf, day z) {
  int y, m, d;
  civil_from_day(z, &y, &m, &d);
  snprintf(buf, DATE_TEXT, "%02d/%02d/%04d", d, m, y % 10000);
  return buf;
}

static day parse_iso(const char *text) {
  int y = 0, m = 0, d = 0;
  if (sscanf(text, "%d-%d-%d", &y, &m, &d) != 3) {
    fprintf(stderr, "sustain-generate: internal error: bad date '%s'\n", text);
    exit(1);
  }
  return day_from_civil(y, m, d);
}

/* ------------------------------------------------------------ the profile */

/* Hand-written rows of the small tables (leadership, measures, adaptations):
 * a national generator would synthesise these instead. */
typedef struct {
  const char *role, *level, *project_role, *active, *since, *left;
} leader_row;

typedef struct {
  const char *measure, *kind, *topic, *source, *co_designed, *last_reported, *used_in_decision;
  /* for --year only (NULL: always): tracked from `since`, taken off the register on `dropped` */
  const char *since, *dropped;
} measure_row;

typedef struct {
  const char *date, *kind, *trigger, *description;
} adaptation_row;

typedef struct {
  const char *from, *to; /* ISO dates of a survey round's fieldwork */
  int responses;
} survey_round;

/* Everything that makes one authority's data what it is. Probabilities are
 * per young person, per response or per month. */
typedef struct {
  const char *id;    /* the [authority ID] of the INI file */
  const char *child_prefix;
  int collection_year; /* the SSDA903 year ending 31 March */

  /* care_leavers */
  int care_leavers;
  double in_innovation;                  /* share of young people in the innovation */
  double not_in_touch, refuses, no_longer_requires;
  double eet_in_touch[2];                /* P(EET | in touch), [0] 17-18, [1] 19-21 */
  double suitable_in_touch[2];
  double innovation_lift;                /* added to the two above for those in it */
  int errors_in_touch_activity_0, errors_old_codes, errors_s1, errors_died_with_activity,
      errors_in_touch_accom_0;

  /* wellbeing */
  survey_round rounds[4];
  double low_life_satisfaction, high_anxiety, lonely, unsafe;
  double agree_involved, agree_listened, agree_other;

  /* staff_survey */
  const char *staff_date;
  int staff;
  double climate[5]; /* means of leaders_welcome_ideas, safe_to_try, time_to_innovate,
                        young_people_first, part_of_core_offer */

  /* participation, month by month from the pilot start to the assessment */
  const char *participation_from, *participation_to;
  int launch_months;            /* the first months, at launch_rate */
  double launch_rate, later_rate; /* P(an activity in a month) */
  double levels[5];             /* weights of informed .. led */
  double changed_decision;      /* P(changed a decision), raised for higher rungs */
  double advocacy;              /* P(an activity is advocacy) */

  const leader_row *leaders;
  int leader_count;
  const measure_row *measures;
  int measure_count;
  const adaptation_row *adaptations;
  int adaptation_count;

  /* --year only (zero without it) */
  day cutoff;                   /* rows dated after this day are left out (31 March of the year) */
  int year;                     /* varies the streams of the tables that are new each year */
  const char *fade_from;        /* participation after this day: fade_rate, fade_levels, ... */
  double fade_rate, fade_levels[5], fade_changed, fade_advocacy;
} profile;

/* ------------------------------------------------------ the three authorities */

/* Eastmere: sustained through distributed leadership and co-production. */
static const leader_row eastmere_leaders[] = {
    {"Director of Children's Services", "senior", "sponsor", "yes", "2018-09-01", ""},
    {"Assistant Director, Children in Care", "senior", "sponsor", "no", "2019-01-15", "2021-08-31"},
    {"Assistant Director, Children in Care", "senior", "member", "yes", "2021-10-01", ""},
    {"Leaving Care Team Manager (qualified social worker)", "hybrid_middle", "lead", "yes", "2019-03-01", ""},
    {"Practice Lead, Personal Advisers", "hybrid_middle", "champion", "yes", "2019-04-01", ""},
    {"Participation Manager", "middle", "member", "yes", "2019-04-01", ""},
    {"Personal Adviser, north district", "frontline_champion", "champion", "yes", "2019-06-01", ""},
    {"Personal Adviser, coast district", "frontline_champion", "champion", "yes", "2020-01-06", ""},
    {"Personal Adviser, town district", "frontline_champion", "champion", "no", "2019-06-01", "2022-12-31"},
    {"Personal Adviser, town district", "frontline_champion", "champion", "yes", "2023-02-01", ""},
    {"Housing Link Worker", "frontline_champion", "champion", "yes", "2021-05-04", ""},
    {"Lead Member for Children's Services", "elected_member", "sponsor", "yes", "2019-05-20", ""},
    {"Chair, Corporate Parenting Panel", "elected_member", "champion", "yes", "2020-06-01", ""},
    {"Care leaver ambassador", "care_leaver_advocate", "champion", "yes", "2019-09-01", ""},
    {"Care leaver ambassador", "care_leaver_advocate", "champion", "yes", "2022-03-01", ""},
};

static const measure_row eastmere_measures[] = {
    {"Care leavers aged 19-21 in education, employment or training", "hard", "eet", "ssda903", "no", "2024-02-29", "yes", NULL, NULL},
    {"Care leavers aged 19-21 in suitable accommodation", "hard", "accommodation", "ssda903", "no", "2024-02-29", "yes", NULL, NULL},
    {"Care leavers in touch with a personal adviser", "hard", "in_touch", "ssda903", "no", "2024-02-29", "yes", NULL, NULL},
    {"Life satisfaction, happiness, worthwhile and anxiety (ONS4)", "soft", "wellbeing", "survey", "yes", "2024-01-31", "yes", NULL, NULL},
    {"I feel settled where I live", "soft", "settled", "survey", "yes", "2024-01-31", "yes", NULL, NULL},
    {"I feel safe where I live", "soft", "safety", "survey", "yes", "2024-01-31", "yes", NULL, NULL},
    {"I have a trusted adult I can turn to", "soft", "relationships", "survey", "yes", "2024-01-31", "yes", NULL, NULL},
    {"How often I feel lonely", "soft", "loneliness", "survey", "yes", "2024-01-31", "no", "2021-10-01", NULL},
    {"I know who I am and where I come from", "soft", "identity", "case_records", "yes", "2023-07-31", "no", "2022-06-01", NULL},
};

static const adaptation_row eastmere_adaptations[] = {
    {"2019-11-12", "offer", "young_people", "Evening drop-in added at the hub after the care leavers' council asked for it"},
    {"2020-04-06", "offer", "policy", "Contact moved online during lockdown, with data top-ups for young people"},
    {"2020-09-14", "staffing", "young_people", "Two paid peer mentor posts for care leavers"},
    {"2021-06-01", "reach", "data", "Extended to the coast and town districts after the first-year review"},
    {"2022-04-01", "funding", "money", "Moved onto the council's base budget at the end of the pilot"},
    {"2022-10-03", "offer", "young_people", "Therapeutic group work for care leavers, designed with the council"},
    {"2023-05-15", "staffing", "young_people", "Clinical psychologist sessions for personal advisers and young people"},
    {"2023-09-04", "offer", "young_people", "Setting-up-home advice and a furniture scheme"},
    {"2024-01-08", "reach", "data", "Extended to the fifth district, chosen from the wellbeing survey results"},
};

/* Westbrook: adapted and scaled up under an approved business case; the
 * service is run by a children's services trust, so no elected member. */
static const leader_row westbrook_leaders[] = {
    {"Chief Executive, Westbrook Children's Trust", "senior", "sponsor", "yes", "2019-10-01", ""},
    {"Trust board non-executive director for care leavers", "senior", "sponsor", "yes", "2021-04-01", ""},
    {"Director of Operations", "senior", "member", "yes", "2019-10-01", ""},
    {"Service Manager, Care Leavers", "middle", "lead", "no", "2019-12-01", "2022-06-30"},
    {"Service Manager, Care Leavers", "middle", "lead", "yes", "2022-07-01", ""},
    {"Team Manager, Staying Close (social worker)", "hybrid_middle", "champion", "yes", "2020-02-03", ""},
    {"Finance Business Partner", "middle", "member", "yes", "2021-09-01", ""},
    {"Personal Adviser champion", "frontline_champion", "champion", "yes", "2020-03-02", ""},
    {"Housing Pathway Coordinator", "frontline_champion", "champion", "yes", "2022-09-05", ""},
    {"Care leaver representative on the trust board", "care_leaver_advocate", "champion", "yes", "2022-01-10", ""},
};

static const measure_row westbrook_measures[] = {
    {"Care leavers aged 19-21 in education, employment or training", "hard", "eet", "ssda903", "no", "2024-03-15", "yes", NULL, NULL},
    {"Care leavers aged 19-21 in suitable accommodation", "hard", "accommodation", "ssda903", "no", "2024-03-15", "yes", NULL, NULL},
    {"Care leavers in touch with a personal adviser", "hard", "in_touch", "ssda903", "no", "2024-03-15", "yes", NULL, NULL},
    {"Cost per young person against residential placements", "hard", "cost", "finance", "no", "2024-02-28", "yes", "2021-09-01", NULL},
    {"Young people moving on in a planned way", "hard", "accommodation", "case_records", "no", "2024-03-15", "yes", "2021-06-01", NULL},
    {"Life satisfaction (ONS)", "soft", "wellbeing", "survey", "no", "2023-12-20", "yes", NULL, NULL},
    {"I feel settled where I live", "soft", "settled", "survey", "yes", "2023-12-20", "yes", NULL, NULL},
    {"Young people's rating of their personal adviser", "soft", "relationships", "survey", "yes", "2023-12-20", "no", "2022-06-01", NULL},
};

static const adaptation_row westbrook_adaptations[] = {
    {"2020-06-01", "offer", "data", "Staying close offer widened from children's homes leavers to foster care leavers"},
    {"2020-11-02", "staffing", "data", "Housing pathway coordinator added after move-on delays in the first review"},
    {"2021-04-12", "reach", "policy", "Second locality joined under the trust's improvement plan"},
    {"2021-09-01", "funding", "money", "Finance business partner assigned to cost the service against placements"},
    {"2021-11-15", "offer", "young_people", "Out-of-hours phone line after young people said weekends were hardest"},
    {"2022-03-07", "reach", "data", "Third and fourth localities added"},
    {"2022-11-30", "funding", "money", "Business case approved: the service funded from the trust's core budget"},
    {"2023-01-09", "reach", "money", "Roll-out to five more localities under the business case"},
    {"2023-03-20", "staffing", "data", "Therapeutic practitioner posts added as referrals for emotional support rose"},
    {"2023-06-05", "offer", "young_people", "Staying close extended to age 25 on request"},
    {"2023-09-11", "staffing", "money", "Personal adviser caseloads rebalanced across the new localities"},
    {"2023-11-06", "offer", "data", "Move-on flats added where suitable accommodation figures were lowest"},
    {"2024-02-12", "reach", "data", "Ninth locality added"},
};

/* Southfield: heading for pilotitis. Top-down, measured by KPIs only, pilot
 * funding ended with nothing to replace it. */
static const leader_row southfield_leaders[] = {
    {"Director of Children's Services", "senior", "sponsor", "yes", "2020-01-06", ""},
    {"Assistant Director, Corporate Parenting", "senior", "lead", "yes", "2021-06-01", ""},
    {"Head of Service, Children in Care", "senior", "member", "yes", "2021-06-01", ""},
    {"Performance Manager", "middle", "member", "yes", "2021-09-01", ""},
    {"Project Officer (pilot funded)", "middle", "member", "no", "2021-10-01", "2023-09-30"},
    {"Personal Adviser champion", "frontline_champion", "champion", "no", "2021-10-01", "2023-06-30"},
    {"Lead Member for Children's Services", "elected_member", "sponsor", "no", "2021-10-01", "2022-05-05"},
};

static const measure_row southfield_measures[] = {
    {"Care leavers aged 19-21 in education, employment or training", "hard", "eet", "ssda903", "no", "2024-01-31", "yes", NULL, NULL},
    {"Care leavers aged 19-21 in suitable accommodation", "hard", "accommodation", "ssda903", "no", "2024-01-31", "no", NULL, NULL},
    {"Care leavers in touch with a personal adviser", "hard", "in_touch", "ssda903", "no", "2024-01-31", "no", NULL, NULL},
    {"Pathway plans reviewed within timescale", "hard", "process", "case_records", "no", "2024-01-31", "yes", NULL, NULL},
    {"Visits within statutory timescales", "hard", "process", "case_records", "no", "2024-01-31", "no", NULL, NULL},
};

static const adaptation_row southfield_adaptations[] = {
    {"2022-02-14", "offer", "young_people", "Weekly drop-in added after the launch consultation"},
    {"2023-09-30", "staffing", "money", "Pilot-funded project officer post ended"},
};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const profile three_authorities[] = {
    {
        .id = "eastmere", .child_prefix = "EM", .collection_year = 2024,
        .care_leavers = 520, .in_innovation = 0.72,
        .not_in_touch = 0.03, .refuses = 0.015, .no_longer_requires = 0.01,
        .eet_in_touch = {0.70, 0.60}, .suitable_in_touch = {0.95, 0.93}, .innovation_lift = 0.05,
        .rounds = {{"2022-10-03", "2022-12-16", 130}, {"2023-10-02", "2023-12-15", 150}},
        .low_life_satisfaction = 0.17, .high_anxiety = 0.27, .lonely = 0.16, .unsafe = 0.09,
        .agree_involved = 0.78, .agree_listened = 0.74, .agree_other = 0.72,
        .staff_date = "2023-11-13", .staff = 64, .climate = {4.2, 4.0, 3.6, 4.1, 4.3},
        .participation_from = "2019-04-01", .participation_to = "2024-03-31",
        .launch_months = 6, .launch_rate = 0.9, .later_rate = 0.75,
        .levels = {0.05, 0.15, 0.30, 0.35, 0.15}, .changed_decision = 0.55, .advocacy = 0.3,
        .leaders = eastmere_leaders, .leader_count = COUNT(eastmere_leaders),
        .measures = eastmere_measures, .measure_count = COUNT(eastmere_measures),
        .adaptations = eastmere_adaptations, .adaptation_count = COUNT(eastmere_adaptations),
    },
    {
        .id = "westbrook", .child_prefix = "WB", .collection_year = 2024,
        .care_leavers = 640, .in_innovation = 0.85,
        .not_in_touch = 0.035, .refuses = 0.015, .no_longer_requires = 0.015,
        .eet_in_touch = {0.70, 0.58}, .suitable_in_touch = {0.95, 0.93}, .innovation_lift = 0.04,
        .rounds = {{"2023-11-01", "2023-12-20", 330}},
        .low_life_satisfaction = 0.22, .high_anxiety = 0.30, .lonely = 0.20, .unsafe = 0.12,
        .agree_involved = 0.64, .agree_listened = 0.60, .agree_other = 0.66,
        .staff_date = "2023-10-16", .staff = 92, .climate = {3.8, 3.5, 3.1, 3.7, 4.0},
        .participation_from = "2020-01-01", .participation_to = "2024-03-31",
        .launch_months = 6, .launch_rate = 0.7, .later_rate = 0.4,
        .levels = {0.15, 0.35, 0.30, 0.15, 0.05}, .changed_decision = 0.45, .advocacy = 0.08,
        .leaders = westbrook_leaders, .leader_count = COUNT(westbrook_leaders),
        .measures = westbrook_measures, .measure_count = COUNT(westbrook_measures),
        .adaptations = westbrook_adaptations, .adaptation_count = COUNT(westbrook_adaptations),
        .errors_in_touch_accom_0 = 3,
    },
    {
        .id = "southfield", .child_prefix = "SF", .collection_year = 2024,
        .care_leavers = 380, .in_innovation = 0.22,
        .not_in_touch = 0.09, .refuses = 0.03, .no_longer_requires = 0.02,
        .eet_in_touch = {0.62, 0.50}, .suitable_in_touch = {0.93, 0.90}, .innovation_lift = 0.0,
        .rounds = {{"2022-05-03", "2022-06-24", 210}},
        .low_life_satisfaction = 0.34, .high_anxiety = 0.38, .lonely = 0.27, .unsafe = 0.19,
        .agree_involved = 0.42, .agree_listened = 0.38, .agree_other = 0.50,
        .staff_date = "2023-11-20", .staff = 48, .climate = {2.6, 2.3, 1.9, 2.7, 2.2},
        .participation_from = "2021-10-01", .participation_to = "2024-03-31",
        .launch_months = 5, .launch_rate = 0.9, .later_rate = 0.06,
        .levels = {0.45, 0.40, 0.15, 0.0, 0.0}, .changed_decision = 0.12, .advocacy = 0.0,
        .leaders = southfield_leaders, .leader_count = COUNT(southfield_leaders),
        .measures = southfield_measures, .measure_count = COUNT(southfield_measures),
        .adaptations = southfield_adaptations, .adaptation_count = COUNT(southfield_adaptations),
        .errors_in_touch_activity_0 = 7, .errors_old_codes = 5, .errors_s1 = 2,
        .errors_died_with_activity = 1,
    },
};

/* ------------------------------------------------------- year by year */

/* `three-authorities --year YYYY` writes the data as it stood on 31 March of
 * that year, for the annual assessments of examples/three-authorities/years:
 * rows dated later are left out, leaders who had not yet left are still
 * active, measures show when they were last reported by then, the SSDA903
 * return is that collection year's and the staff survey is the one of the
 * autumn before. Southfield's pilot is told in more detail than in data/
 * (which shows only where it ended up): more co-production while the pilot
 * ran, a middle manager with a practice background leading it day to day, a
 * second frontline champion and a new lead member who all go when the pilot
 * money ends, soft measures that are dropped with
 * it, and a staff climate that falls after it. */
#define FIRST_YEAR 2021
#define LAST_YEAR 2024

/* What is new each year: the staff survey of the autumn before and the
 * care-leaver figures of the collection year. */
typedef struct {
  const char *staff_date;
  int staff;
  double climate[5];
  double in_innovation, innovation_lift, not_in_touch;
} year_facts;

typedef struct {
  survey_round rounds[4];            /* every wellbeing survey up to 2024 */
  year_facts years[LAST_YEAR - FIRST_YEAR + 1];
} journey;

static const journey journeys[] = {
    { /* eastmere: a survey every autumn, the climate good and improving */
        .rounds = {{"2020-10-05", "2020-12-11", 110}, {"2021-10-04", "2021-12-17", 120},
                   {"2022-10-03", "2022-12-16", 130}, {"2023-10-02", "2023-12-15", 150}},
        .years = {{"2020-11-16", 58, {4.0, 3.8, 3.3, 4.0, 3.9}, 0.55, 0.04, 0.035},
                  {"2021-11-15", 60, {4.1, 3.9, 3.4, 4.0, 4.1}, 0.62, 0.05, 0.03},
                  {"2022-11-14", 62, {4.1, 4.0, 3.5, 4.1, 4.2}, 0.68, 0.05, 0.03},
                  {"2023-11-13", 64, {4.2, 4.0, 3.6, 4.1, 4.3}, 0.72, 0.05, 0.03}},
    },
    { /* westbrook: the survey grows with the service */
        .rounds = {{"2020-11-02", "2020-12-18", 150}, {"2021-11-01", "2021-12-17", 200},
                   {"2022-11-01", "2022-12-16", 260}, {"2023-11-01", "2023-12-20", 330}},
        .years = {{"2020-10-19", 60, {3.5, 3.2, 2.8, 3.5, 3.4}, 0.30, 0.03, 0.04},
                  {"2021-10-18", 72, {3.6, 3.3, 2.9, 3.6, 3.6}, 0.50, 0.04, 0.035},
                  {"2022-10-17", 84, {3.7, 3.4, 3.0, 3.7, 3.8}, 0.70, 0.04, 0.035},
                  {"2023-10-16", 92, {3.8, 3.5, 3.1, 3.7, 4.0}, 0.85, 0.04, 0.035}},
    },
    { /* southfield: surveyed twice while the pilot ran, the climate lifts with it and falls after */
        .rounds = {{"2022-05-03", "2022-06-24", 210}, {"2023-01-16", "2023-03-10", 190}},
        .years = {{"2020-11-23", 40, {2.8, 2.5, 2.1, 2.9, 2.4}, 0.0, 0.0, 0.08},
                  {"2021-11-22", 44, {3.7, 3.5, 3.1, 3.8, 3.4}, 0.18, 0.03, 0.07},
                  {"2022-11-21", 46, {3.6, 3.4, 2.9, 3.7, 3.3}, 0.30, 0.05, 0.06},
                  {"2023-11-20", 48, {2.6, 2.3, 1.9, 2.7, 2.2}, 0.22, 0.0, 0.09}},
    },
};

static const leader_row southfield_journey_leaders[] = {
    {"Director of Children's Services", "senior", "sponsor", "yes", "2020-01-06", ""},
    {"Assistant Director, Corporate Parenting", "senior", "lead", "yes", "2021-06-01", ""},
    {"Head of Service, Children in Care", "senior", "member", "yes", "2021-06-01", ""},
    {"Performance Manager", "middle", "member", "yes", "2021-09-01", ""},
    {"Project Officer (pilot funded)", "middle", "member", "no", "2021-10-01", "2023-09-30"},
    {"Leaving Care Team Manager (social worker), pilot lead (pilot funded)", "hybrid_middle", "lead", "no", "2021-10-01", "2023-09-30"},
    {"Personal Adviser champion", "frontline_champion", "champion", "no", "2021-10-01", "2023-06-30"},
    {"Personal Adviser champion, second area", "frontline_champion", "champion", "no", "2022-09-05", "2023-10-31"},
    {"Lead Member for Children's Services", "elected_member", "sponsor", "no", "2021-10-01", "2022-05-05"},
    {"Lead Member for Children's Services (from May 2022)", "elected_member", "sponsor", "no", "2022-05-26", "2023-10-19"},
};

static const measure_row southfield_journey_measures[] = {
    {"Care leavers aged 19-21 in education, employment or training", "hard", "eet", "ssda903", "no", "2024-01-31", "yes", NULL, NULL},
    {"Care leavers aged 19-21 in suitable accommodation", "hard", "accommodation", "ssda903", "no", "2024-01-31", "no", NULL, NULL},
    {"Care leavers in touch with a personal adviser", "hard", "in_touch", "ssda903", "no", "2024-01-31", "no", NULL, NULL},
    {"Pathway plans reviewed within timescale", "hard", "process", "case_records", "no", "2024-01-31", "yes", NULL, NULL},
    {"Visits within statutory timescales", "hard", "process", "case_records", "no", "2024-01-31", "no", NULL, NULL},
    /* chosen with the care leavers' forum for the pilot's evaluation, dropped when it ended */
    {"Life satisfaction (ONS4), pilot evaluation", "soft", "wellbeing", "survey", "yes", "2023-03-24", "yes", "2022-07-01", "2023-10-01"},
    {"I feel settled where I live, pilot evaluation", "soft", "settled", "survey", "yes", "2023-03-24", "yes", "2022-07-01", "2023-10-01"},
    {"I have a trusted adult I can turn to, pilot evaluation", "soft", "relationships", "survey", "yes", "2023-03-24", "no", "2022-07-01", "2023-10-01"},
};

static const adaptation_row southfield_journey_adaptations[] = {
    {"2022-02-14", "offer", "young_people", "Weekly drop-in added after the launch consultation"},
    {"2022-06-20", "offer", "young_people", "Peer mentoring by care leavers, designed with the care leavers' forum"},
    {"2022-09-05", "reach", "data", "Extended to a second area after the first six months' figures"},
    {"2023-02-06", "offer", "data", "Follow-up calls for young people who reported low wellbeing in the survey"},
    {"2023-09-30", "staffing", "money", "Pilot-funded project officer post ended"},
    {"2023-10-31", "reach", "money", "Withdrawn from the second area when the pilot money ended"},
};

/* Authority i of three_authorities as it stood on 31 March `year`. */
static profile in_year(int i, int year) {
  profile p = three_authorities[i];
  const journey *j = &journeys[i];
  const year_facts *f = &j->years[year - FIRST_YEAR];
  p.cutoff = day_from_civil(year, 3, 31);
  p.year = year;
  p.collection_year = year;
  memcpy(p.rounds, j->rounds, sizeof p.rounds);
  p.staff_date = f->staff_date;
  p.staff = f->staff;
  memcpy(p.climate, f->climate, sizeof p.climate);
  p.in_innovation = f->in_innovation;
  p.innovation_lift = f->innovation_lift;
  p.not_in_touch = f->not_in_touch;
  if (strcmp(p.id, "southfield") == 0) {
    p.leaders = southfield_journey_leaders;
    p.leader_count = COUNT(southfield_journey_leaders);
    p.measures = southfield_journey_measures;
    p.measure_count = COUNT(southfield_journey_measures);
    p.adaptations = southfield_journey_adaptations;
    p.adaptation_count = COUNT(southfield_journey_adaptations);
    /* while the pilot runs, young people take part most months and higher up the ladder;
     * after it, as in data/ */
    p.later_rate = 0.7;
    static const double pilot_levels[5] = {0.10, 0.30, 0.35, 0.20, 0.05};
    memcpy(p.levels, pilot_levels, sizeof p.levels);
    p.changed_decision = 0.45;
    p.advocacy = 0.12;
    p.fade_from = "2023-09-30";
    p.fade_rate = 0.06;
    static const double faded_levels[5] = {0.45, 0.40, 0.15, 0.0, 0.0};
    memcpy(p.fade_levels, faded_levels, sizeof p.fade_levels);
    p.fade_changed = 0.12;
    p.fade_advocacy = 0.0;
  }
  return p;
}

/* ------------------------------------------------------------- the tables */

enum { T_CARE_LEAVERS, T_WELLBEING, T_STAFF, T_PARTICIPATION, T_LEADERSHIP, T_MEASURES,
       T_ADAPTATIONS, T_COUNT };

typedef struct {
  const char *file, *header;
} table_spec;

static const table_spec tables[T_COUNT] = {
    [T_CARE_LEAVERS] = {"care_leavers.csv", "la,CHILD,DOB,IN_TOUCH,ACTIV,ACCOM,in_innovation"},
    [T_WELLBEING] = {"wellbeing.csv",
                     "la,response,date,in_innovation,life_satisfaction,worthwhile,happiness,anxiety,"
                     "settled,safe_home,trust_adviser,contact_adviser,involved_in_plans,listened_to,"
                     "someone_believes,good_friend,lonely,money_ok,internet_access,positive_future"},
    [T_STAFF] = {"staff_survey.csv",
                 "la,respondent,date,role,leaders_welcome_ideas,safe_to_try,time_to_innovate,"
                 "young_people_first,part_of_core_offer"},
    [T_PARTICIPATION] = {"participation.csv", "la,date,kind,young_people,level,changed_decision"},
    [T_LEADERSHIP] = {"leadership.csv", "la,role,level,project_role,active,since,left"},
    [T_MEASURES] = {"measures.csv",
                    "la,measure,kind,topic,source,co_designed,last_reported,used_in_decision"},
    [T_ADAPTATIONS] = {"adaptations.csv", "la,date,kind,trigger,description"},
};

/* One output file with its name for error messages. */
typedef struct {
  FILE *f;
  char path[4096];
  int skip; /* set while a row after the cutoff is drawn but not written */
} out_file;

static void die_write(const out_file *o) {
  fprintf(stderr, "sustain-generate: cannot write %s: %s\n", o->path, strerror(errno));
  exit(1);
}

static void out_printf(out_file *o, const char *fmt, ...) {
  if (o->skip) return;
  va_list ap;
  va_start(ap, fmt);
  if (vfprintf(o->f, fmt, ap) < 0) die_write(o);
  va_end(ap);
}

/* A CSV field: quoted when it holds a comma, a quote or a line break. */
static void out_field(out_file *o, const char *text) {
  if (o->skip) return;
  if (strpbrk(text, ",\"\r\n") == NULL) {
    out_printf(o, "%s", text);
    return;
  }
  out_printf(o, "\"");
  for (const char *p = text; *p; p++) out_printf(o, *p == '"' ? "\"\"" : "%c", *p);
  out_printf(o, "\"");
}

/* ------------------------------------------------------ SSDA903 care leavers */

static const char *const EET_CODES[] = {"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"};
static const double EET_WEIGHTS[2][8] = {
    {0.02, 0.01, 0.55, 0.10, 0.06, 0.01, 0.20, 0.05}, /* 17-18: mostly further education */
    {0.14, 0.03, 0.18, 0.07, 0.05, 0.01, 0.40, 0.12}, /* 19-21: more work and university */
};
static const char *const NEET_CODES[] = {"G4", "G5", "G6"};
static const double NEET_WEIGHTS[] = {0.22, 0.66, 0.12};

/* Suitable accommodation types by age group (letter, weight). */
static const char SUITABLE_TYPES[] = "BCDEKTUZY";
static const double SUITABLE_WEIGHTS[2][9] = {
    {0.12, 0.06, 0.30, 0.12, 0.02, 0.04, 0.08, 0.24, 0.02},
    {0.10, 0.01, 0.18, 0.06, 0.08, 0.05, 0.44, 0.06, 0.02},
};
static const char UNSUITABLE_TYPES[] = "SVWXKUB";
static const double UNSUITABLE_WEIGHTS[] = {0.20, 0.16, 0.08, 0.14, 0.14, 0.18, 0.10};

static void write_care_leavers(out_file *o, const profile *p, rng *r) {
  int y = p->collection_year;
  day first = day_from_civil(y - 22, 4, 1), last = day_from_civil(y - 17, 3, 31);
  day older_to = day_from_civil(y - 19, 3, 31); /* born by then: aged 19-21 on 31 March */
  day seventeen_from = day_from_civil(y - 18, 4, 1); /* born since: 17 on 31 March */
  /* deliberate recording errors, spread through the file at fixed rows */
  int errors[5] = {p->errors_in_touch_activity_0, p->errors_old_codes, p->errors_s1,
                   p->errors_died_with_activity, p->errors_in_touch_accom_0};
  for (int i = 0; i < p->care_leavers; i++) {
    char dob[DATE_TEXT];
    day born = first + (day)(rng_unit(r) * (double)(last - first + 1));
    int group = born <= older_to ? 1 : 0; /* 1: aged 19-21 on 31 March */
    int innovation = rng_chance(r, p->in_innovation);
    double lift = innovation ? p->innovation_lift : 0;

    const char *in_touch = "YES";
    double u = rng_unit(r);
    double c = 0.003;
    if (u < c) in_touch = "DIED";
    else if (u < (c += 0.02)) in_touch = "RHOM";
    else if (u < (c += p->no_longer_requires)) in_touch = "NREQ";
    else if (u < (c += p->refuses)) in_touch = "REFU";
    else if (u < (c += p->not_in_touch * (innovation ? 0.6 : 1.4))) in_touch = "NO";

    char activ[4] = "0", accom[4] = "0";
    int known = strcmp(in_touch, "YES") == 0 ||
                ((strcmp(in_touch, "NREQ") == 0 || strcmp(in_touch, "REFU") == 0) && rng_chance(r, 0.1));
    if (strcmp(in_touch, "DIED") == 0 || strcmp(in_touch, "RHOM") == 0) known = 0;
    if (known) {
      if (rng_chance(r, p->eet_in_touch[group] + lift))
        snprintf(activ, sizeof activ, "%s", EET_CODES[rng_weighted(r, EET_WEIGHTS[group], 8)]);
      else
        snprintf(activ, sizeof activ, "%s", NEET_CODES[rng_weighted(r, NEET_WEIGHTS, 3)]);
      if (rng_chance(r, p->suitable_in_touch[group] + lift)) {
        char type = SUITABLE_TYPES[rng_weighted(r, SUITABLE_WEIGHTS[group], 9)];
        /* at 17 a young person's foster carers are not yet former ones (DfE rule 3001):
         * staying put begins at 18, so a 17-year-old is in semi-independent housing */
        if (type == 'Z' && born >= seventeen_from) type = 'D';
        snprintf(accom, sizeof accom, "%c1", type);
      } else
        snprintf(accom, sizeof accom, "%c2", UNSUITABLE_TYPES[rng_weighted(r, UNSUITABLE_WEIGHTS, 7)]);
    }

    /* every 19th row, while errors remain, takes the next kind of mistake */
    if (i % 19 == 11) {
      for (int k = 0; k < 5; k++) {
        if (errors[k] == 0) continue;
        errors[k]--;
        if (k == 0) { in_touch = "YES"; snprintf(activ, sizeof activ, "0"); if (accom[0] == '0') snprintf(accom, sizeof accom, "U1"); }
        if (k == 1) { in_touch = "YES"; snprintf(activ, sizeof activ, "%s", rng_chance(r, 0.5) ? "F3" : "P3"); if (accom[0] == '0') snprintf(accom, sizeof accom, "D1"); }
        if (k == 2) { in_touch = "YES"; snprintf(accom, sizeof accom, "S1"); if (activ[0] == '0') snprintf(activ, sizeof activ, "G5"); }
        if (k == 3) { in_touch = "DIED"; snprintf(activ, sizeof activ, "G4"); snprintf(accom, sizeof accom, "0"); }
        if (k == 4) { in_touch = "YES"; snprintf(accom, sizeof accom, "0"); if (activ[0] == '0') snprintf(activ, sizeof activ, "F5"); }
        break;
      }
    }

    out_printf(o, "%s,%s%06d,%s,%s,%s,%s,%s\n", p->id, p->child_prefix,
               (int)(((long)i * 7919 + 104729) % 900000 + 100000), dmy(dob, born), in_touch, activ,
               accom, innovation ? "yes" : "no");
  }
}

/* ------------------------------------------------------- wellbeing survey */

/* An ONS 0-10 answer: `low` is the chance of an answer in 0..low_max. */
static int ons_answer(rng *r, double low, int low_max, double high_mean) {
  if (rng_chance(r, low)) return rng_between(r, low_max >= 2 ? low_max - 2 : 0, low_max);
  return rng_scale(r, high_mean, low_max + 1, 10);
}

/* A 1-5 agreement answer, agreeing (4-5) with chance `agree`, disagreeing (1-2)
 * with a share of the rest. */
static int agreement(rng *r, double agree) {
  if (rng_chance(r, agree)) return rng_chance(r, 0.45) ? 5 : 4;
  return rng_chance(r, 0.5) ? 3 : rng_between(r, 1, 2);
}

static void write_wellbeing(out_file *o, const profile *p, rng *r) {
  static const char *const LONELY[] = {"often_always", "some_of_the_time", "occasionally", "hardly_ever", "never"};
  int number = 0;
  for (int k = 0; k < 4 && p->rounds[k].responses > 0; k++) {
    day from = parse_iso(p->rounds[k].from), to = parse_iso(p->rounds[k].to);
    for (int i = 0; i < p->rounds[k].responses; i++) {
      char date[DATE_TEXT];
      int innovation = rng_chance(r, p->in_innovation);
      double better = innovation ? 0.85 : 1.15; /* young people in the service report less difficulty */
      double low = p->low_life_satisfaction * better;
      int life = ons_answer(r, low, 4, 7.0);
      int worthwhile = ons_answer(r, low * 0.8, 4, 7.2);
      int happiness = ons_answer(r, low * 1.1, 4, 6.9);
      int anxiety = rng_chance(r, p->high_anxiety * better) ? rng_between(r, 6, 10) : rng_between(r, 0, 5);
      int unsafe = rng_chance(r, p->unsafe * better);
      int lonely = rng_chance(r, p->lonely * better) ? 0 : rng_between(r, 1, 4);
      day when = from + (day)(rng_unit(r) * (double)(to - from + 1));
      o->skip = p->cutoff && when > p->cutoff; /* drawn all the same, so later rows do not move */
      out_printf(o, "%s,%s-r%04d,%s,%s,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%s,%s,%s,%d,%s,%d\n", p->id,
                 p->child_prefix, ++number, iso(date, when), innovation ? "yes" : "no", life,
                 worthwhile, happiness, anxiety, agreement(r, p->agree_other * (innovation ? 1.05 : 0.95)),
                 unsafe ? rng_between(r, 1, 2) : rng_between(r, 3, 5), agreement(r, p->agree_other),
                 agreement(r, p->agree_other + 0.05), agreement(r, p->agree_involved),
                 agreement(r, p->agree_listened), rng_chance(r, p->agree_other + 0.1) ? "yes" : "no",
                 rng_chance(r, 0.8) ? "yes" : "no", LONELY[lonely], agreement(r, p->agree_other - 0.2),
                 rng_chance(r, 0.9) ? "yes" : "no", agreement(r, p->agree_other - 0.05));
      o->skip = 0;
    }
  }
}

/* ---------------------------------------------------------- staff survey */

static void write_staff_survey(out_file *o, const profile *p, rng *r) {
  static const char *const ROLES[] = {"personal_adviser", "social_worker", "manager", "other"};
  static const double ROLE_WEIGHTS[] = {0.45, 0.25, 0.15, 0.15};
  day from = parse_iso(p->staff_date);
  for (int i = 0; i < p->staff; i++) {
    char date[DATE_TEXT];
    out_printf(o, "%s,%s-s%03d,%s,%s", p->id, p->child_prefix, i + 1,
               iso(date, from + rng_between(r, 0, 20)), ROLES[rng_weighted(r, ROLE_WEIGHTS, 4)]);
    for (int k = 0; k < 5; k++) out_printf(o, ",%d", rng_scale(r, p->climate[k], 1, 5));
    out_printf(o, "\n");
  }
}

/* --------------------------------------------------------- participation */

static void write_participation(out_file *o, const profile *p, rng *r) {
  static const char *const LEVELS[] = {"informed", "consulted", "involved", "co-designed", "led"};
  static const char *const KINDS[] = {"care_leavers_council", "consultation", "co_research",
                                      "recruitment_panel", "service_design", "evaluation", "staff_training"};
  static const double KIND_WEIGHTS[] = {0.30, 0.25, 0.08, 0.12, 0.12, 0.08, 0.05};
  day from = parse_iso(p->participation_from), to = parse_iso(p->participation_to);
  day fade = p->fade_from ? parse_iso(p->fade_from) : 0;
  int y, m, d;
  civil_from_day(from, &y, &m, &d);
  for (int month = 0;; month++) {
    int yy = y + (m - 1 + month) / 12, mm = (m - 1 + month) % 12 + 1;
    day start = day_from_civil(yy, mm, 1);
    if (start > to) break;
    int faded = fade && start > fade; /* --year: after the pilot, another rate and ladder */
    double rate = faded ? p->fade_rate : month < p->launch_months ? p->launch_rate : p->later_rate;
    if (!rng_chance(r, rate)) continue;
    char date[DATE_TEXT];
    int level = rng_weighted(r, faded ? p->fade_levels : p->levels, 5);
    int advocacy = rng_chance(r, faded ? p->fade_advocacy : p->advocacy);
    const char *kind = advocacy ? "advocacy" : KINDS[rng_weighted(r, KIND_WEIGHTS, 7)];
    double changed = (faded ? p->fade_changed : p->changed_decision) * (0.6 + 0.2 * level);
    day when = start + rng_between(r, 2, 26);
    if (when > to) when = to;
    o->skip = p->cutoff && when > p->cutoff;
    out_printf(o, "%s,%s,%s,%d,%s,%s\n", p->id, iso(date, when), kind, rng_between(r, 2, 14),
               LEVELS[level], rng_chance(r, changed) ? "yes" : "no");
    o->skip = 0;
  }
}

/* ------------------------------------------------- the hand-written tables */

/* Whether an ISO date is after the cutoff (never without one). */
static int after_cutoff(const profile *p, const char *date) {
  return p->cutoff && date && *date && parse_iso(date) > p->cutoff;
}

static void write_leadership(out_file *o, const profile *p, rng *r) {
  (void)r;
  for (int i = 0; i < p->leader_count; i++) {
    const leader_row *l = &p->leaders[i];
    const char *active = l->active, *left = l->left;
    if (p->cutoff) { /* as it stood then: not yet there, or not yet gone */
      if (after_cutoff(p, l->since)) continue;
      if (*left && after_cutoff(p, left)) active = "yes", left = "";
    }
    out_printf(o, "%s,", p->id);
    out_field(o, l->role);
    out_printf(o, ",%s,%s,%s,%s,%s\n", l->level, l->project_role, active, l->since, left);
  }
}

/* --year: when a measure was last reported as of the cutoff. One still reported
 * after the cutoff is reported on the same day of the year, a year or more earlier. */
static const char *reported_by(char *buf, const profile *p, const char *last) {
  if (!after_cutoff(p, last)) return last;
  int y, m, d;
  civil_from_day(parse_iso(last), &y, &m, &d);
  if (m == 2 && d == 29) d = 28;
  while (day_from_civil(y, m, d) > p->cutoff) y--;
  return iso(buf, day_from_civil(y, m, d));
}

static void write_measures(out_file *o, const profile *p, rng *r) {
  (void)r;
  for (int i = 0; i < p->measure_count; i++) {
    const measure_row *m = &p->measures[i];
    char last[DATE_TEXT];
    if (p->cutoff && (after_cutoff(p, m->since) || (m->dropped && !after_cutoff(p, m->dropped))))
      continue;
    out_printf(o, "%s,", p->id);
    out_field(o, m->measure);
    out_printf(o, ",%s,%s,%s,%s,%s,%s\n", m->kind, m->topic, m->source, m->co_designed,
               reported_by(last, p, m->last_reported), m->used_in_decision);
  }
}

static void write_adaptations(out_file *o, const profile *p, rng *r) {
  (void)r;
  for (int i = 0; i < p->adaptation_count; i++) {
    const adaptation_row *a = &p->adaptations[i];
    if (after_cutoff(p, a->date)) continue;
    out_printf(o, "%s,%s,%s,%s,", p->id, a->date, a->kind, a->trigger);
    out_field(o, a->description);
    out_printf(o, "\n");
  }
}

typedef void (*table_writer)(out_file *, const profile *, rng *);

static const table_writer writers[T_COUNT] = {
    [T_CARE_LEAVERS] = write_care_leavers, [T_WELLBEING] = write_wellbeing,
    [T_STAFF] = write_staff_survey,        [T_PARTICIPATION] = write_participation,
    [T_LEADERSHIP] = write_leadership,     [T_MEASURES] = write_measures,
    [T_ADAPTATIONS] = write_adaptations,
};

/* ------------------------------------------------------------- commands */

/* Writes every table for profiles[0..count) into outdir: one file per table,
 * the authorities one after the other, each from its own random streams. */
static int generate(const char *outdir, const profile *profiles, int count) {
  for (int t = 0; t < T_COUNT; t++) {
    out_file o = {0};
    snprintf(o.path, sizeof o.path, "%s/%s", outdir, tables[t].file);
    o.f = fopen(o.path, "wb");
    if (!o.f) {
      fprintf(stderr, "sustain-generate: cannot create %s: %s (does the folder exist?)\n", o.path,
              strerror(errno));
      return 1;
    }
    out_printf(&o, "%s\n", tables[t].header);
    for (int i = 0; i < count; i++) {
      /* --year: the tables that are new each year (the SSDA903 return, the staff
       * survey) draw from a stream of that year; 2024's is the one without --year */
      int fresh = profiles[i].year && (t == T_CARE_LEAVERS || t == T_STAFF);
      uint64_t table = (uint64_t)t + (fresh ? 100 * (uint64_t)(2024 - profiles[i].year) : 0);
      rng r = rng_stream(SEED, (uint64_t)i, table);
      writers[t](&o, &profiles[i], &r);
    }
    if (fclose(o.f) != 0) die_write(&o);
  }
  return 0;
}

static int three_authorities_command(int argc, char **argv) {
  int year = 0;
  if (argc == 3 && strcmp(argv[0], "--year") == 0) {
    char *end;
    long y = strtol(argv[1], &end, 10);
    if (*end || end == argv[1] || y < FIRST_YEAR || y > LAST_YEAR) {
      fprintf(stderr, "sustain-generate: --year takes a year from %d to %d\n", FIRST_YEAR, LAST_YEAR);
      return 2;
    }
    year = (int)y;
    argv += 2;
    argc -= 2;
  }
  if (argc != 1) {
    fprintf(stderr, "usage: sustain-generate three-authorities [--year YYYY] OUTDIR\n");
    return 2;
  }
  if (!year) return generate(argv[0], three_authorities, COUNT(three_authorities));
  profile profiles[COUNT(three_authorities)];
  for (int i = 0; i < COUNT(three_authorities); i++) profiles[i] = in_year(i, year);
  return generate(argv[0], profiles, COUNT(three_authorities));
}

/* ---------------------------------------------------------- national */

/* England has about 155 authorities with care leavers. */
#define NATIONAL_AUTHORITIES 155
#define NATIONAL_CARE_LEAVERS 1000000.0 /* at scale 1 */
#define NATIONAL_RESPONSES 250000.0

/* The attributes each national authority copies from the authority its
 * profile is modelled on (the [authority] sections of three-authorities). */
static const char *const national_attributes[] = {
    "pilot_start = 2019-04-01\npilot_end = 2022-03-31\nfunding_after_pilot = yes\n"
    "business_case = approved\nfinancial_pressure = medium\nofsted_judgement = good\n"
    "innovation_budget = yes\nareas_covered = 5\nareas_total = 7\n",
    "pilot_start = 2020-01-01\npilot_end = 2022-12-31\nstage = scaling\n"
    "funding_after_pilot = yes\nbusiness_case = approved\nfinancial_pressure = high\n"
    "ofsted_judgement = good\ninnovation_budget = no\nareas_covered = 9\nareas_total = 10\n",
    "pilot_start = 2021-10-01\npilot_end = 2023-09-30\nfunding_after_pilot = no\n"
    "business_case = none\nfinancial_pressure = high\n"
    "ofsted_judgement = requires improvement\ninnovation_budget = no\nareas_covered = 1\n"
    "areas_total = 4\n",
};

static double jitter(rng *r, double value, double spread, double lo, double hi) {
  double v = value + (rng_unit(r) * 2 - 1) * spread;
  return v < lo ? lo : v > hi ? hi : v;
}

/* The INI that assesses every national authority with the default pack. */
static int write_national_ini(const char *outdir, const profile *profiles, int count) {
  out_file o = {0};
  snprintf(o.path, sizeof o.path, "%s/assessment.ini", outdir);
  o.f = fopen(o.path, "wb");
  if (!o.f) {
    fprintf(stderr, "sustain-generate: cannot create %s: %s\n", o.path, strerror(errno));
    return 1;
  }
  out_printf(&o, "; Every authority in England, generated by sustain-generate national.\n"
                 "[assessment]\nname = National benchmark: %d authorities\ndate = 2024-03-31\n"
                 "rules = %s\nformat = json\n\n",
             count, getenv("SUSTAIN_RULES") ? getenv("SUSTAIN_RULES") : "../../rules/ingredients");
  for (int t = 0; t < T_COUNT; t++) {
    char name[64];
    snprintf(name, sizeof name, "%s", tables[t].file);
    *strrchr(name, '.') = '\0';
    out_printf(&o, "[source %s]\nplugin = csv\npath = %s\nauthority_column = la\n%s\n", name,
               tables[t].file, t == T_CARE_LEAVERS ? "types = CHILD:text, DOB:date\n" : "");
  }
  for (int i = 0; i < count; i++)
    out_printf(&o, "[authority %s]\nname = Authority %s\n%s\n", profiles[i].id, profiles[i].id,
               national_attributes[i % 3]);
  if (fclose(o.f) != 0) die_write(&o);
  return 0;
}

/* 155 authorities, each modelled on one of the three with its own variation:
 * sizes vary about fivefold, rates by a few points either way. */
static int national_command(int argc, char **argv) {
  double scale = 1;
  if (argc == 3 && strcmp(argv[0], "--scale") == 0) {
    char *end;
    scale = strtod(argv[1], &end);
    if (*end || !(scale > 0) || scale > 64) {
      fprintf(stderr, "sustain-generate: --scale takes a number above 0 and at most 64\n");
      return 2;
    }
    argv += 2;
    argc -= 2;
  }
  if (argc != 1) {
    fprintf(stderr, "usage: sustain-generate national [--scale S] OUTDIR\n");
    return 2;
  }
  static profile profiles[NATIONAL_AUTHORITIES];
  static char ids[NATIONAL_AUTHORITIES][16], prefixes[NATIONAL_AUTHORITIES][8];
  double size[NATIONAL_AUTHORITIES], total = 0;
  rng r = rng_stream(SEED, 1000, 1000);
  for (int i = 0; i < NATIONAL_AUTHORITIES; i++) total += size[i] = 0.4 + 1.6 * rng_unit(&r);
  for (int i = 0; i < NATIONAL_AUTHORITIES; i++) {
    profile *p = &profiles[i];
    *p = three_authorities[i % 3];
    snprintf(ids[i], sizeof ids[i], "la%03d", i + 1);
    snprintf(prefixes[i], sizeof prefixes[i], "N%03d", i + 1);
    p->id = ids[i];
    p->child_prefix = prefixes[i];
    p->care_leavers = (int)(scale * NATIONAL_CARE_LEAVERS * size[i] / total + 0.5);
    p->rounds[0].responses = (int)(scale * NATIONAL_RESPONSES * size[i] / total + 0.5);
    p->rounds[1].responses = p->rounds[2].responses = 0;
    p->staff = (int)(p->staff * (0.5 + rng_unit(&r)));
    for (int g = 0; g < 2; g++) {
      p->eet_in_touch[g] = jitter(&r, p->eet_in_touch[g], 0.08, 0.2, 0.9);
      p->suitable_in_touch[g] = jitter(&r, p->suitable_in_touch[g], 0.04, 0.6, 0.99);
    }
    p->in_innovation = jitter(&r, p->in_innovation, 0.15, 0.05, 0.95);
    for (int k = 0; k < 5; k++) p->climate[k] = jitter(&r, p->climate[k], 0.5, 1.2, 4.8);
    p->agree_involved = jitter(&r, p->agree_involved, 0.1, 0.1, 0.95);
    p->agree_listened = jitter(&r, p->agree_listened, 0.1, 0.1, 0.95);
    p->changed_decision = jitter(&r, p->changed_decision, 0.1, 0.02, 0.9);
  }
  int status = generate(argv[0], profiles, NATIONAL_AUTHORITIES);
  return status ? status : write_national_ini(argv[0], profiles, NATIONAL_AUTHORITIES);
}

static void usage(FILE *to) {
  fprintf(to,
          "usage: sustain-generate COMMAND [OPTIONS] OUTDIR\n"
          "\n"
          "Writes deterministic example evidence (one CSV file per table) into OUTDIR.\n"
          "\n"
          "commands:\n"
          "  three-authorities [--year YYYY] OUTDIR\n"
          "                             the data of examples/three-authorities; with --year\n"
          "                             (2021 to 2024), as it stood on 31 March of that year\n"
          "  national [--scale S] OUTDIR\n"
          "                             155 authorities (1,000,000 care leavers and 250,000\n"
          "                             survey responses at scale 1) and assessment.ini\n");
}

int main(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (strcmp(argv[1], "three-authorities") == 0) return three_authorities_command(argc - 2, argv + 2);
  if (strcmp(argv[1], "national") == 0) return national_command(argc - 2, argv + 2);
  fprintf(stderr, "sustain-generate: unknown command '%s'\n", argv[1]);
  usage(stderr);
  return 2;
}
