/* report_html_chart.c: the inline SVG charts of the HTML report; see report_html_chart.h.
 * Plain SVG, styled by the page's stylesheet through classes, no script: a chart is
 * drawn once when the page loads and prints as it shows. Every figure carries its data
 * in words (<title>, <desc>), and the page puts a table with the same figures beside it. */
#include <math.h>
#include <string.h>

#include "report_html_chart.h"
#include "report_values.h"

/* ** {======================================================================
** What every chart shares.
** ======================================================================= */

/* Keeps a figure on the drawing: a score above 100 is drawn at the rim, a missing one
 * at the low end. */
static double clamp(double value, double low, double high) {
  if (isnan(value)) return low;
  return value < low ? low : value > high ? high : value;
}

/* Opens a chart: an <svg role="img"> labelled by its own <title> and <desc>, whose ids
 * are made unique by the chart's kind and the authority's index. Leaves the <title> open
 * for the caller's words. --chart-units tells the stylesheet how wide the drawing is, so
 * that its text still reads when the chart is shrunk to a phone's width
 * (report_html_layout.h): lay text out in em, not units, where its size matters. */
static void chart_begin(html_writer *h, const char *kind, int width, int height, size_t index) {
  html_put_format(h,
                  "<svg class=\"%s\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
                  "style=\"--chart-units:%d\" role=\"img\" "
                  "aria-labelledby=\"%s-%zu-title %s-%zu-desc\">\n"
                  "<title id=\"%s-%zu-title\">",
                  kind, width, height, width, height, width, kind, index, kind, index, kind,
                  index);
}

/* Closes the chart's <title> and opens its <desc>, for the caller's words. */
static void chart_describe(html_writer *h, const char *kind, size_t index) {
  html_put_format(h, "</title>\n<desc id=\"%s-%zu-desc\">", kind, index);
}

/* }====================================================================== */

/* ** {======================================================================
** The radar: one spoke per ingredient, the score as the distance from the centre.
** ======================================================================= */

/* The drawing's own units (the viewBox); the page scales it to the column's width. */
#define RADAR_WIDTH 640
#define RADAR_HEIGHT 400
#define RADAR_CENTRE_X 320.0
#define RADAR_CENTRE_Y 205.0
#define RADAR_RADIUS 120.0
/* Labels sit this far beyond the end of their spoke. */
#define RADAR_LABEL_GAP 14.0
/* An ingredient's name is wrapped at spaces into lines of at most this many characters,
 * so that it stays on the drawing beside a sideways spoke, and at most this many lines;
 * a longer name ends with "..." (the chart's description and the table beside it hold it
 * whole). */
#define RADAR_LABEL_CHARS 20
#define RADAR_LABEL_LINES 3
#define RADAR_LABEL_BYTES (RADAR_LABEL_CHARS * 4)
/* Spoke stroke width per unit of stage weight, and its bounds: a heavier ingredient has
 * a thicker spoke, so the weights are visible on the chart itself as well as in words. */
#define RADAR_SPOKE_PER_WEIGHT 2.0
#define RADAR_SPOKE_MIN 0.75
#define RADAR_SPOKE_MAX 6.0

/* The direction of spoke i of n, clockwise from twelve o'clock. */
static void spoke_direction(size_t i, size_t n, double *dx, double *dy) {
  double angle = -M_PI / 2 + 2 * M_PI * (double)i / (double)n;
  *dx = cos(angle);
  *dy = sin(angle);
}

/* "Organisational receptivity 55.0 (stage weight 1.2)" for each ingredient, `; `-separated. */
static void radar_description(html_writer *h, const plan_authority *a) {
  char buf[REPORT_VALUE_SIZE];
  html_put(h, "Ingredient scores out of 100, with each ingredient's stage weight: ");
  for (size_t i = 0; i < a->ingredient_count; i++) {
    const plan_ingredient *ingredient = &a->ingredients[i];
    if (i > 0) html_put(h, "; ");
    html_put_text(h, report_ingredient_name(ingredient));
    html_put(h, " ");
    html_put(h,
             isnan(ingredient->score) ? "not assessed" : report_score_text(buf, ingredient->score));
    html_put(h, " (stage weight ");
    html_put(h, report_weight_text(buf, ingredient->weight));
    html_put(h, ")");
  }
  html_put(h, ".");
}

/* Rings at the band thresholds (dashed, labelled on the upright spoke) and at 100. */
static void radar_rings(html_writer *h) {
  const plan *p = h->plan;
  html_put(h, "<g class=\"rings\">\n");
  for (size_t b = 0; b < p->band_count; b++) {
    double min = p->bands[b].min;
    if (!(min > 0 && min < 100)) continue;
    double r = RADAR_RADIUS * min / 100;
    char buf[REPORT_VALUE_SIZE];
    html_put_format(h, "<circle class=\"threshold\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"/>\n",
                    RADAR_CENTRE_X, RADAR_CENTRE_Y, r);
    html_put_format(h, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\">", RADAR_CENTRE_X + 4,
                    RADAR_CENTRE_Y - r - 3);
    html_put(h, report_measure_text(buf, min));
    html_put(h, "</text>\n");
  }
  html_put_format(h, "<circle class=\"outline\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"/>\n",
                  RADAR_CENTRE_X, RADAR_CENTRE_Y, RADAR_RADIUS);
  html_put(h, "</g>\n");
}

/* Characters (UTF-8 code points) in the first n bytes of text. */
static size_t chars_in(const char *text, size_t n) {
  size_t count = 0;
  for (size_t i = 0; i < n; i++) count += ((unsigned char)text[i] & 0xC0) != 0x80;
  return count;
}

/* The byte length of text's first `chars` characters (all of it when shorter). */
static size_t bytes_of_chars(const char *text, size_t chars) {
  size_t i = 0;
  for (size_t seen = 0; text[i]; i++)
    if (((unsigned char)text[i] & 0xC0) != 0x80 && seen++ == chars) break;
  return i;
}

/* One line of a name from *at: whole words while they fit, or the first RADAR_LABEL_CHARS
 * characters of a word too long for a line. Sets *length, moves *at past it and the spaces
 * after it. */
static const char *name_line(const char **at, size_t *length) {
  const char *start = *at;
  size_t end = 0;
  for (;;) {
    size_t word = end;
    while (start[word] == ' ') word++;
    size_t after = word + strcspn(start + word, " ");
    /* bytes are bounded too: invalid UTF-8 may be all continuation bytes */
    if (after == word || chars_in(start, after) > RADAR_LABEL_CHARS ||
        after > RADAR_LABEL_BYTES) {
      if (end == 0 && after != word) {
        end = bytes_of_chars(start, RADAR_LABEL_CHARS);
        if (end > RADAR_LABEL_BYTES) end = RADAR_LABEL_BYTES;
      }
      break;
    }
    end = after;
  }
  *length = end;
  *at = start + end;
  while (**at == ' ') (*at)++;
  return start;
}

/* The name's lines as tspans, the first first_em from the label's y, each next 1.2em below. */
static void radar_name(html_writer *h, const char *name, double x, double first_em) {
  char line[RADAR_LABEL_BYTES + 4];
  const char *at = name ? name : REPORT_MISSING;
  while (*at == ' ') at++;
  for (int n = 0; n < RADAR_LABEL_LINES && *at; n++) {
    size_t length;
    const char *start = name_line(&at, &length);
    memcpy(line, start, length);
    line[length] = '\0';
    if (n == RADAR_LABEL_LINES - 1 && *at) strcat(line, "\xE2\x80\xA6"); /* cut: "..." */
    html_put_format(h, "<tspan class=\"name\" x=\"%.1f\" dy=\"%.2fem\">", x,
                    n == 0 ? first_em : 1.2);
    html_put_text(h, line);
    html_put(h, "</tspan>");
  }
}

/* How many lines radar_name writes for a name. */
static int radar_name_lines(const char *name) {
  const char *at = name ? name : REPORT_MISSING;
  int n = 0;
  while (*at == ' ') at++;
  for (size_t length; n < RADAR_LABEL_LINES && *at; n++) name_line(&at, &length);
  return n ? n : 1;
}

/* A spoke and its label: the ingredient's name on up to three lines, then its score and
 * weight. */
static void radar_spoke(html_writer *h, const plan_ingredient *ingredient, size_t i, size_t n) {
  char buf[REPORT_VALUE_SIZE];
  double dx, dy;
  spoke_direction(i, n, &dx, &dy);
  double width =
      clamp(RADAR_SPOKE_PER_WEIGHT * ingredient->weight, RADAR_SPOKE_MIN, RADAR_SPOKE_MAX);
  html_put_format(h,
                  "<line class=\"spoke\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                  "stroke-width=\"%.2f\"/>\n",
                  RADAR_CENTRE_X, RADAR_CENTRE_Y, RADAR_CENTRE_X + RADAR_RADIUS * dx,
                  RADAR_CENTRE_Y + RADAR_RADIUS * dy, width);

  double x = RADAR_CENTRE_X + (RADAR_RADIUS + RADAR_LABEL_GAP) * dx;
  double y = RADAR_CENTRE_Y + (RADAR_RADIUS + RADAR_LABEL_GAP) * dy;
  const char *anchor = dx > 0.2 ? "start" : dx < -0.2 ? "end" : "middle";
  /* the name's lines and the score's, 1.2em apart: above a spoke that points up, below one
   * that points down, centred on one that points sideways; in em, so they stay clear of the
   * spoke and of each other at whatever size the stylesheet gives them */
  const char *name = report_ingredient_name(ingredient);
  int more = radar_name_lines(name) - 1;
  double first = dy < -0.2 ? -1.45 - 1.2 * more : dy > 0.2 ? 0.8 : -0.3 - 0.6 * more;
  html_put_format(h, "<text class=\"label\" text-anchor=\"%s\" x=\"%.1f\" y=\"%.1f\">", anchor, x,
                  y);
  radar_name(h, name, x, first);
  html_put_format(h, "<tspan x=\"%.1f\" dy=\"1.2em\">", x);
  if (isnan(ingredient->score)) {
    html_put(h, "not assessed");
  } else {
    html_put(h, report_score_text(buf, ingredient->score));
  }
  /* the weight can give way on a narrow screen: the spoke's width shows it too */
  html_put(h, "<tspan class=\"weight\"> \xC2\xB7 weight ");
  html_put(h, report_weight_text(buf, ingredient->weight));
  html_put(h, "</tspan></tspan></text>\n");
  /* on a phone the names would not fit beside the spokes at a readable size: the spoke's
   * number and score stand in for them, keyed under the chart (report_html_layout.c) */
  html_put_format(h,
                  "<text class=\"label-key\" text-anchor=\"%s\" x=\"%.1f\" y=\"%.1f\" "
                  "dy=\"%s\">%zu \xC2\xB7 ",
                  anchor, x, y, dy < -0.2 ? "-0.3em" : dy > 0.2 ? "1em" : "0.35em", i + 1);
  html_put(h, isnan(ingredient->score) ? "not assessed" : report_score_text(buf, ingredient->score));
  html_put(h, "</text>\n");
}

/* The scores joined in spoke order, skipping ingredients without one: a polygon from
 * three scores, a line from two, a dot from one. */
static void radar_shape(html_writer *h, const plan_authority *a) {
  size_t n = a->ingredient_count, scored = 0;
  for (size_t i = 0; i < n; i++) scored += !isnan(a->ingredients[i].score);
  if (scored == 0) return;
  if (scored > 1) {
    html_put(h, scored > 2 ? "<polygon class=\"scores\" points=\""
                           : "<polyline class=\"scores\" points=\"");
    for (size_t i = 0, written = 0; i < n; i++) {
      double score = a->ingredients[i].score;
      if (isnan(score)) continue;
      double dx, dy, r = RADAR_RADIUS * clamp(score, 0, 100) / 100;
      spoke_direction(i, n, &dx, &dy);
      html_put_format(h, "%s%.1f,%.1f", written++ ? " " : "", RADAR_CENTRE_X + r * dx,
                      RADAR_CENTRE_Y + r * dy);
    }
    html_put(h, "\"/>\n");
  }
  for (size_t i = 0; i < n; i++) {
    double score = a->ingredients[i].score;
    if (isnan(score)) continue;
    double dx, dy, r = RADAR_RADIUS * clamp(score, 0, 100) / 100;
    spoke_direction(i, n, &dx, &dy);
    html_put_format(h, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\"/>\n",
                    RADAR_CENTRE_X + r * dx, RADAR_CENTRE_Y + r * dy);
  }
}

void html_radar_chart(html_writer *h, const plan_authority *a, size_t index) {
  size_t n = a->ingredient_count;
  chart_begin(h, "radar", RADAR_WIDTH, RADAR_HEIGHT, index);
  html_put(h, "Ingredient scores of ");
  html_put_text(h, a->name);
  chart_describe(h, "radar", index);
  radar_description(h, a);
  html_put(h, "</desc>\n");
  radar_rings(h);
  for (size_t i = 0; i < n; i++) radar_spoke(h, &a->ingredients[i], i, n);
  radar_shape(h, a);
  html_put(h, "</svg>\n");
  /* the key to the numbers a phone shows on the spokes; the chart's words and the table
   * beside it already give screen readers every name and score */
  html_put(h, "<ol class=\"radar-key\" aria-hidden=\"true\">");
  for (size_t i = 0; i < n; i++) {
    html_put(h, "<li>");
    html_put_text(h, report_ingredient_name(&a->ingredients[i]));
    html_put(h, "</li>");
  }
  html_put(h, "</ol>\n");
}

/* }====================================================================== */

/* ** {======================================================================
** The band scale: 0 to 100 split into the plan's bands, the overall score marked on it.
** ======================================================================= */

#define SCALE_WIDTH 600
#define SCALE_HEIGHT 104
#define SCALE_LEFT 20.0
#define SCALE_LENGTH 560.0 /* units for 0..100 */
#define SCALE_BAR_TOP 30.0
#define SCALE_BAR_HEIGHT 22.0
/* Below the bar, in em so that they stay apart at any size: threshold numbers under the
 * band edges, then band names under the middle of each band, clear of the score marker
 * that crosses the bar. */
#define SCALE_BELOW_BAR (SCALE_BAR_TOP + SCALE_BAR_HEIGHT)
#define SCALE_TICK_DY "1em"
#define SCALE_NAME_DY "2.1em"

static double scale_x(double score) {
  return SCALE_LEFT + SCALE_LENGTH * clamp(score, 0, 100) / 100;
}

/* "Bands: likely sustained from 70, fragile from 45, ..." */
static void scale_description(html_writer *h, const plan_authority *a) {
  const plan *p = h->plan;
  char buf[REPORT_VALUE_SIZE];
  if (isnan(a->score)) {
    html_put(h, "No overall score: too little could be assessed.");
  } else {
    html_put(h, "Overall score ");
    html_put(h, report_score_text(buf, a->score));
    html_put(h, " out of 100");
    if (a->band) {
      html_put(h, ", in the band ");
      html_put_text(h, a->band);
    }
    html_put(h, ".");
  }
  if (p->band_count == 0) return;
  html_put(h, " Bands: ");
  for (size_t b = 0; b < p->band_count; b++) {
    if (b > 0) html_put(h, ", ");
    html_put_text(h, p->bands[b].label);
    html_put(h, " from ");
    html_put(h, report_measure_text(buf, p->bands[b].min));
  }
  html_put(h, ".");
}

/* One band's stretch of the bar, its label below and its threshold under its left end. */
static void scale_band(html_writer *h, size_t b) {
  const plan *p = h->plan;
  char buf[REPORT_VALUE_SIZE];
  double low = clamp(p->bands[b].min, 0, 100);
  double high = b == 0 ? 100 : clamp(p->bands[b - 1].min, 0, 100);
  if (high <= low) return; /* hidden by a higher band */
  const char *position[] = {"band-top", "band-middle", "band-bottom"};
  html_put_format(h,
                  "<rect class=\"segment %s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                  "height=\"%.1f\"/>\n",
                  position[report_band_position_of(p, (int)b)], scale_x(low), SCALE_BAR_TOP,
                  scale_x(high) - scale_x(low), SCALE_BAR_HEIGHT);
  html_put_format(h,
                  "<text class=\"band-name\" text-anchor=\"middle\" x=\"%.1f\" y=\"%.1f\" "
                  "dy=\"" SCALE_NAME_DY "\">",
                  (scale_x(low) + scale_x(high)) / 2, SCALE_BELOW_BAR);
  html_put_text(h, p->bands[b].label);
  html_put(h, "</text>\n");
  html_put_format(h,
                  "<text class=\"tick\" text-anchor=\"middle\" x=\"%.1f\" y=\"%.1f\" "
                  "dy=\"" SCALE_TICK_DY "\">",
                  scale_x(low), SCALE_BELOW_BAR);
  html_put(h, report_measure_text(buf, low));
  html_put(h, "</text>\n");
}

void html_band_scale(html_writer *h, const plan_authority *a, size_t index) {
  const plan *p = h->plan;
  char buf[REPORT_VALUE_SIZE];
  chart_begin(h, "scale", SCALE_WIDTH, SCALE_HEIGHT, index);
  html_put(h, "Overall score of ");
  html_put_text(h, a->name);
  html_put(h, " against the bands");
  chart_describe(h, "scale", index);
  scale_description(h, a);
  html_put(h, "</desc>\n");
  if (p->band_count == 0)
    html_put_format(h,
                    "<rect class=\"segment band-none\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                    "height=\"%.1f\"/>\n",
                    SCALE_LEFT, SCALE_BAR_TOP, SCALE_LENGTH, SCALE_BAR_HEIGHT);
  for (size_t b = 0; b < p->band_count; b++) scale_band(h, b);
  html_put_format(h,
                  "<text class=\"tick\" text-anchor=\"middle\" x=\"%.1f\" y=\"%.1f\" "
                  "dy=\"" SCALE_TICK_DY "\">100</text>\n",
                  scale_x(100), SCALE_BELOW_BAR);
  if (!isnan(a->score)) {
    double x = scale_x(a->score);
    html_put_format(h,
                    "<line class=\"marker\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n"
                    "<text class=\"marker-label\" text-anchor=\"middle\" x=\"%.1f\" y=\"%.1f\">",
                    x, SCALE_BAR_TOP - 6, x, SCALE_BAR_TOP + SCALE_BAR_HEIGHT + 4, x,
                    SCALE_BAR_TOP - 10);
    html_put(h, report_score_text(buf, a->score));
    html_put(h, "</text>\n");
  }
  html_put(h, "</svg>\n");
}

/* }====================================================================== */
