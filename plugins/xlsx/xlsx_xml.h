/* xlsx_xml.h: one XML part of the workbook streamed through expat. Some writers give
 * the elements a namespace prefix (x:row) where others give none, so handlers compare
 * local names only. The parser is not namespace-aware: resolving every name to its
 * namespace's URI cost a tenth of the time of reading a sheet, and a workbook's parts
 * name nothing twice in different namespaces where a cell is read. */
#ifndef SUSTAIN_XLSX_XML_H
#define SUSTAIN_XLSX_XML_H

#include <expat.h>

#include "xlsx_zip.h"

/* A growing text: what the character-data handler collects. */
typedef struct xlsx_text {
  char *bytes;
  size_t length, capacity;
  int failed; /* out of memory: the text is incomplete */
} xlsx_text;

void xlsx_text_add(xlsx_text *text, const char *bytes, size_t length);
void xlsx_text_free(xlsx_text *text);

/* A parser of the part's names as written (x:row); NULL when out of memory. */
XML_Parser xlsx_xml_parser(void *user_data);

/* The local part of an element's or attribute's name: row of x:row. */
const char *xlsx_xml_local(const char *name);

/* The value of the attribute with this local name (namespace declarations aside), or
 * NULL. */
const char *xlsx_xml_attribute(const char **attributes, const char *local);

/* Parses the part through parser, at most limit bytes of it. A handler that finds a
 * problem records it and calls XML_StopParser(parser, 0): then this returns 1. Returns 0
 * when the whole part was parsed, XLSX_ZIP_MISSING, 1, or -1 with the reason in error. */
int xlsx_xml_parse_part(const xlsx_zip *zip, const char *name, uint64_t limit, XML_Parser parser,
                        char error[XLSX_MESSAGE_SIZE]);

#endif
