/* audience.h: who a plan is written for, the words of `sustain run --audience` and of
 * `audience =` in [assessment], in one list, so the command line, the config and the
 * writers cannot drift. The board's plan is the full one (scores, evidence, ranked
 * actions); the young people's version is the plain summary a care leavers' council
 * reads (report_young.h). */
#ifndef SUSTAIN_AUDIENCE_H
#define SUSTAIN_AUDIENCE_H

typedef enum audience {
  AUDIENCE_BOARD,       /* the full plan, for the authority's managers and board */
  AUDIENCE_YOUNG_PEOPLE /* the plain version for care leavers */
} audience;

/* The names, for messages: "board or young-people". */
#define AUDIENCE_NAMES "board or young-people"

/* The audience a name ("board", "young-people") names. Returns 0 and sets *out, or -1
 * when the name is none of them (NULL included). */
int audience_parse(const char *name, audience *out);

/* The name of an audience; "unknown" for a value outside the enum. */
const char *audience_name(audience who);

/* The name nearest to a mistyped one ("young_people", "youngpeople"), or NULL. */
const char *audience_nearest(const char *typed);

#endif
