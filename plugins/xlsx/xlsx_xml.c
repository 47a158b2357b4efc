/* xlsx_xml.c: XML parts through expat; see xlsx_xml.h. */
#include "xlsx_xml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void xlsx_text_add(xlsx_text *text, const char *bytes, size_t length) {
  if (text->failed) return;
  if (text->length + length + 1 > text->capacity) {
    size_t capacity = text->capacity ? text->capacity : 64;
    while (capacity < text->length + length + 1) capacity *= 2;
    char *bigger = realloc(text->bytes, capacity);
    if (!bigger) {
      text->failed = 1;
      return;
    }
    text->bytes = bigger;
    text->capacity = capacity;
  }
  if (length) memcpy(text->bytes + text->length, bytes, length); /* bytes may be NULL */
  text->length += length;
  text->bytes[text->length] = '\0';
}

void xlsx_text_free(xlsx_text *text) {
  free(text->bytes);
  *text = (xlsx_text){0};
}

XML_Parser xlsx_xml_parser(void *user_data) {
  /* no encoding forced: a part may declare UTF-16; expat hands every text on as UTF-8 */
  XML_Parser parser = XML_ParserCreate(NULL);
  if (parser) XML_SetUserData(parser, user_data);
  return parser;
}

const char *xlsx_xml_local(const char *name) {
  const char *colon = strchr(name, ':');
  return colon ? colon + 1 : name;
}

const char *xlsx_xml_attribute(const char **attributes, const char *local) {
  for (size_t i = 0; attributes[i]; i += 2) {
    const char *name = attributes[i];
    if (name[0] == 'x' && strncmp(name, "xmlns", 5) == 0) continue; /* a declaration */
    if (strcmp(xlsx_xml_local(name), local) == 0) return attributes[i + 1];
  }
  return NULL;
}

typedef struct feed {
  XML_Parser parser;
  int stopped;
  const char *name;
  char *error;
} feed;

static int describe_xml_error(feed *f) {
  enum XML_Error code = XML_GetErrorCode(f->parser);
  if (code == XML_ERROR_ABORTED) {
    f->stopped = 1;
    return 1;
  }
  snprintf(f->error, XLSX_MESSAGE_SIZE,
           "the workbook's part %s is not well-formed XML (line %lu, column %lu: %s); the file "
           "is damaged: open it in Excel or LibreOffice and save it again",
           f->name, (unsigned long)XML_GetCurrentLineNumber(f->parser),
           (unsigned long)XML_GetCurrentColumnNumber(f->parser) + 1, XML_ErrorString(code));
  return -1;
}

static int feed_chunk(void *context, const char *bytes, size_t length) {
  feed *f = context;
  if (XML_Parse(f->parser, bytes, (int)length, 0) == XML_STATUS_OK) return 0;
  return describe_xml_error(f);
}

int xlsx_xml_parse_part(const xlsx_zip *zip, const char *name, uint64_t limit, XML_Parser parser,
                        char error[XLSX_MESSAGE_SIZE]) {
  feed f = {.parser = parser, .name = name, .error = error};
  int status = xlsx_zip_read(zip, name, limit, feed_chunk, &f, error);
  if (status != 0) return status;
  if (XML_Parse(parser, "", 0, 1) != XML_STATUS_OK) return describe_xml_error(&f);
  return 0;
}
