/* report_html_layout.c: the HTML report's rules for phones and for paper; see
 * report_html_layout.h for the markup they rely on. The rules name kinds of thing (a
 * table, a card, a chart's text, the appendix) rather than particular sections, so a
 * section added to the page is laid out like its neighbours. */
#include "report_html_layout.h"

/* A table wider than the screen scrolls inside its own box, and so does a chart drawn
 * too finely to shrink (`chart-wrap`: the benchmarks' bars, with a name on every row). The
 * shadows are the cue that there is more: each is painted on the box (`scroll`) and hidden
 * under a white fade that moves with the content (`local`), so a shadow shows only at an
 * edge with more beyond it. */
#define LAYOUT_TABLE_WRAP                                                                          \
  ".table-wrap,.chart-wrap{overflow-x:auto;margin:.5rem 0 1rem;"                                   \
  "background:linear-gradient(to right,#fff 30%,rgba(255,255,255,0)) left/2rem 100% "              \
  "no-repeat local,"                                                                               \
  "linear-gradient(to left,#fff 30%,rgba(255,255,255,0)) right/2rem 100% no-repeat "               \
  "local,"                                                                                         \
  "radial-gradient(farthest-side at 0 50%,rgba(0,0,0,.28),rgba(0,0,0,0)) left/.9rem "              \
  "100% no-repeat scroll,"                                                                         \
  "radial-gradient(farthest-side at 100% 50%,rgba(0,0,0,.28),rgba(0,0,0,0)) "                      \
  "right/.9rem 100% no-repeat scroll}\n"                                                           \
  ".table-wrap>table{margin:0}\n"                                                                  \
  ".print-only{display:none}\n"

/* Chart text in a chart's own units, so that it renders at least 12 px when the chart is
 * shrunk to the width of the column: the column is about 440 and 350 px wide at the widest
 * screen of each step, and 12 px at 350 is still 11 px at a 360 px screen's 320. */
#define LAYOUT_CHART_TEXT(column)                                                                  \
  "svg text,svg .tick{font-size:calc(12px * var(--chart-units,600) / " column ")}"

/* Phones and narrow windows: each row of a stacked table is a card, its cells labelled;
 * chart text grows as the chart shrinks; on a phone a radar's labels give way to the
 * spokes' numbers and scores, keyed under the chart (its stage weights are in the spokes'
 * widths and the table beside it). */
#define LAYOUT_PHONE                                                                               \
  "svg .label-key,.radar-key{display:none}\n"                                                      \
  "@media (max-width:40rem){" LAYOUT_CHART_TEXT("440")                                             \
  "h1{font-size:1.5rem}h2{font-size:1.3rem}"                                                       \
  "table{font-size:.9rem}th,td{padding:.3rem .4rem}"                                               \
  "code,.evidence{overflow-wrap:anywhere}td.evidence{min-width:0}"                                 \
  "table.stack,.stack>tbody,.stack>tbody>tr,.stack>tbody>tr>*{display:block}"                      \
  ".stack>thead{position:absolute;width:1px;height:1px;overflow:hidden;"                           \
  "clip-path:inset(50%);white-space:nowrap}"                                                       \
  ".stack>tbody>tr{display:flex;flex-wrap:wrap;gap:.15rem 1rem;margin:0 0 .75rem;"                 \
  "padding:.5rem .75rem;border:1px solid #c4ccd4;border-radius:4px}"                               \
  ".stack>tbody>tr>*{flex:0 1 auto;border:0;padding:0;text-align:left;white-space:normal}"         \
  ".stack>tbody>tr>th,.stack td.wide{flex-basis:100%}"                                             \
  ".stack td[data-label]::before{content:attr(data-label) \": \";font-weight:600}"                 \
  ".stack td[class*=band-]{padding:0 .4rem;border-radius:3px}"                                     \
  "}\n"                                                                                            \
  "@media (max-width:40rem){.chart-wrap>svg{width:30rem;max-width:none}"                            \
  ".chart-wrap>svg text,.chart-wrap>svg .tick{font-size:12px}}\n"                                  \
  "@media (max-width:30rem){" LAYOUT_CHART_TEXT("350")                                             \
  "svg .weight,svg .label{display:none}svg .label-key{display:inline}"                             \
  ".radar-key{display:block;margin:.25rem 0 0;padding-left:1.5rem;font-size:.9rem}}\n"

/* Paper: A4. The page header and the comparison on the first page; then, for each
 * authority, its summary alone on one page and the rest after it as an appendix. */
#define LAYOUT_PRINT_PAGES                                                                         \
  "@page{size:A4;margin:12mm 12mm 13mm;"                                                           \
  "@bottom-right{content:\"Page \" counter(page) \" of \" counter(pages);"                         \
  "font:8pt system-ui,sans-serif;color:#4a5560}}\n"                                                \
  "@media print{"                                                                                  \
  "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"                                   \
  "html{font-size:10pt}body{font-size:10pt;line-height:1.35}nav{display:none}"                     \
  "header,main,footer{max-width:none;padding:0}"                                                   \
  "h1{font-size:17pt;margin:0 0 1mm}"                                                              \
  "h2{font-size:15pt;border-top:0;margin:0 0 1mm;padding-top:0}"                                   \
  "h3{font-size:11.5pt;margin:4mm 0 1.5mm}h4{font-size:10pt;margin:3mm 0 1mm}"                     \
  "h2,h3,h4,summary{break-after:avoid}tr,figure,.summary,li{break-inside:avoid}"                   \
  "a{color:inherit;text-decoration:none}"                                                          \
  ".print-only{display:block}footer{margin-top:4mm;padding-bottom:0}"                              \
  ".authority{break-before:page}main>.authority:first-child{break-before:auto}"                    \
  ".authority-summary{break-after:page}"                                                           \
  "figure{margin:1mm 0 2mm}figcaption,.note{font-size:8pt}"                                        \
  "svg text,svg .tick{font-size:17px}"                                                             \
  "}\n"

/* The summary's page: the score on its band scale with the radar beside it, at the top;
 * the summary under them; then the ingredients table across the page. The radar's labels
 * are set larger (its stage weights are in the table) as the radar is drawn smaller. */
#define LAYOUT_PRINT_SUMMARY                                                                       \
  "@media print{"                                                                                  \
  ".authority-summary{display:grid;grid-template-columns:minmax(0,1fr) 80mm;column-gap:6mm;"       \
  "grid-template-rows:auto auto auto 1fr;align-items:start}"                                       \
  ".authority-summary>*,.glance>*{grid-column:1/-1}.glance{display:contents}"                      \
  ".authority-summary>.overall,.authority-summary>.scale-figure{grid-column:1}"                    \
  ".authority-summary .radar-figure{grid-column:2;grid-row:3/span 2;margin:0}"                     \
  ".overall{margin:1mm 0}.summary{margin:3mm 0;padding:.5mm 4mm 1.5mm}"                            \
  ".summary h3{margin-top:2mm}.summary p{margin:1.5mm 0}.summary ol{margin:1mm 0}"                 \
  ".scale-figure svg{width:100%}"                                                                  \
  ".radar-figure svg text,.radar-figure svg .tick{font-size:21px}"                                 \
  /* in an 80 mm column the titles would not fit beside the spokes: numbers, keyed below */        \
  ".radar-figure svg .label{display:none}.radar-figure svg .label-key{display:inline}"             \
  ".radar-figure svg{max-height:34mm}"                                                             \
  ".radar-key{display:block;font-size:7pt;line-height:1.15;margin:0;padding-left:4mm;columns:2;"   \
  "column-gap:5mm}"                                                                                \
  "}\n"

/* Tables fit the page's width: long names and identifiers break, a table's header row
 * repeats on each page, and the evidence gets what its short columns leave (--explain's
 * three more take from the rule's title and the evidence). */
#define LAYOUT_PRINT_TABLES                                                                        \
  "@media print{"                                                                                  \
  ".table-wrap{overflow:visible;background:none;margin:1.5mm 0 3mm}"                               \
  "table{font-size:8.5pt}th,td{padding:.6mm 1.5mm}thead{display:table-header-group}"               \
  "thead th.number{white-space:normal}"                                                            \
  "code,.evidence,.authority-detail tbody th,.authority-detail td.wide{overflow-wrap:anywhere}"    \
  "td.evidence{min-width:0}"                                                                       \
  ".evidence-table{table-layout:fixed}.evidence-table>thead th:first-child{width:33%}"             \
  ".evidence-table>thead th:nth-child(2){width:11.5%}"                                             \
  ".evidence-table:has(th:nth-child(5))>thead th:first-child{width:26%}"                           \
  ".evidence-table:has(th:nth-child(5))>thead th:nth-child(2){width:11%}"                          \
  ".evidence-table>thead th:nth-child(3),.evidence-table>thead th:nth-child(5){width:8%}"          \
  ".evidence-table>thead th:nth-child(6){width:9%}"                                                \
  ".evidence-table>thead th:nth-child(7){width:11.5%}"                                             \
  "}\n"

/* The appendix, set smaller and denser: the figures about care leavers in two columns,
 * the evidence printed open under a plain heading per ingredient. */
#define LAYOUT_PRINT_APPENDIX                                                                      \
  "@media print{"                                                                                  \
  ".authority-detail{font-size:9pt;line-height:1.3}.authority-detail table{font-size:8pt}"         \
  ".authority-detail>p,.authority-detail>ul{margin:1mm 0}"                                         \
  ".appendix-title{font-size:12pt;font-weight:700;margin:0 0 2mm;padding-bottom:1mm;"              \
  "border-bottom:2px solid #1a1a1a}"                                                               \
  ".found-by{font-size:.95em}"                                                                     \
  "details{border:0;padding:0;margin:0}"                                                           \
  "details>summary{list-style:none;margin:2.5mm 0 1mm;padding:0}"                                  \
  "details>summary::-webkit-details-marker{display:none}"                                          \
  ".context{column-count:2;column-gap:6mm}.context h4{margin-top:0}"                               \
  ".context-item{margin:0 0 2.5mm}.context-item ul{margin:.5mm 0;padding-left:4mm}"                \
  "}\n"                                                                                            \
  /* its own rule: a browser that does not know the pseudo-element drops only this one */          \
  "@media print{details::details-content{content-visibility:visible;display:block}}\n"

/* An action's row on paper: rank, title and the short figures across, its why (and the
 * priority terms) under them at the full width. */
#define LAYOUT_PRINT_ACTIONS                                                                       \
  "@media print{"                                                                                  \
  "table.actions,.actions>thead,.actions>tbody{display:block}"                                     \
  ".actions tr{display:grid;grid-template-columns:10mm minmax(0,3fr) minmax(0,1.4fr) "             \
  "minmax(0,1.4fr) 14mm 14mm;border-bottom:1px solid #c4ccd4}"                                     \
  ".actions.explained tr{grid-template-columns:10mm minmax(0,3fr) minmax(0,1.4fr) "                \
  "minmax(0,1.4fr) 14mm 14mm 15mm}"                                                                \
  ".actions>thead>tr{background:#eef1f4}.actions>thead{break-after:avoid}"                         \
  ".actions th,.actions td{border:0}"                                                              \
  ".actions thead th:nth-child(n+7){display:none}"                                                 \
  ".actions.explained thead th:nth-child(7){display:block}"                                        \
  ".actions td.wide{grid-column:2/-1;padding-top:0}"                                               \
  ".actions td.wide>p{margin:0}"                                                                   \
  "}\n"

/* A benchmark on paper: its two charts side by side under its heading, every figure on
 * the bars; the tables, which repeat the charts' figures for the screen, are left to the
 * screen (the Markdown and text plans hold them too). */
#define LAYOUT_PRINT_BENCHMARKS                                                                    \
  "@media print{"                                                                                  \
  ".benchmark{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);column-gap:5mm;"      \
  "break-inside:avoid;margin:0 0 3mm}"                                                             \
  ".benchmark>h4,.benchmark>.standing{grid-column:1/-1;margin:1mm 0}"                              \
  ".benchmark>.table-wrap{display:none}"                                                           \
  ".benchmark-figure{margin:0}.benchmark-figure svg{width:100%;max-height:50mm}"                   \
  ".benchmark-figure figcaption{font-size:7.5pt}"                                                  \
  "}\n"

const char html_layout_stylesheet[] = LAYOUT_TABLE_WRAP LAYOUT_PHONE LAYOUT_PRINT_PAGES
    LAYOUT_PRINT_SUMMARY LAYOUT_PRINT_TABLES LAYOUT_PRINT_APPENDIX LAYOUT_PRINT_ACTIONS
    LAYOUT_PRINT_BENCHMARKS;
