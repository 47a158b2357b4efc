/* plan.c: the few operations on a finished plan; see plan.h. The plan is built by the
 * rule runner and scoring, read by the report writers, and freed here in one call. */
#include "plan.h"

void plan_free(plan *p) {
  if (!p) return;
  arena_free(p->arena); /* the plan struct itself lives in this arena */
}

size_t plan_count_rules(const plan *p, plan_rule_status status) {
  size_t count = 0;
  for (size_t a = 0; a < p->authority_count; a++) {
    const plan_authority *authority = &p->authorities[a];
    for (size_t i = 0; i < authority->ingredient_count; i++) {
      const plan_ingredient *ingredient = &authority->ingredients[i];
      for (size_t r = 0; r < ingredient->rule_count; r++)
        if (ingredient->rules[r].status == status) count++;
    }
  }
  return count;
}

size_t plan_count_context(const plan *p, plan_rule_status status) {
  size_t count = 0;
  for (size_t a = 0; a < p->authority_count; a++)
    for (size_t i = 0; i < p->authorities[a].context_count; i++)
      count += p->authorities[a].context[i].status == status;
  return count;
}
