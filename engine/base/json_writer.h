/* json_writer.h: a tiny streaming JSON emitter over a FILE*, pretty-printed with a
 * two-space indent. The writer tracks commas, nesting and errors itself, so report_json.c
 * reads as the shape of the document. How a plan's figures are shown (one decimal for a
 * score, and so on) is report_values.h's, shared with every other format. */
#ifndef SUSTAIN_JSON_WRITER_H
#define SUSTAIN_JSON_WRITER_H

#include <stddef.h>
#include <stdio.h>

/* Deepest nesting of objects and arrays; a plan needs seven levels, deeper is a bug. */
#define JSON_MAX_DEPTH 32

/* Bytes that hold json_number's %.17g form of any double, with room to spare. */
#define JSON_NUMBER_SIZE 40

/* Bytes collected before they go to the stream: a plan is hundreds of thousands of small
 * tokens, and one stdio call each costs more than the formatting itself. */
#define JSON_WRITER_BUFFER_SIZE 65536

typedef struct json_writer {
  FILE *out;
  int depth;                    /* open containers */
  char kind[JSON_MAX_DEPTH];    /* '{' or '[' per open container */
  size_t count[JSON_MAX_DEPTH]; /* members written so far per open container */
  int after_key;                /* a key was written; its value comes next */
  int top_level_done;           /* the one top-level value is complete */
  int error;                    /* first errno seen (EINVAL for misuse), 0 while fine */
  size_t buffered;              /* bytes waiting in buffer */
  char buffer[JSON_WRITER_BUFFER_SIZE];
} json_writer;

/* Starts a document on out. Cannot fail. Bytes reach out in large blocks, all of them by
 * json_writer_finish: write nothing else to out in between. */
void json_writer_init(json_writer *w, FILE *out);

/* Ends the document with a newline, hands every byte still held to out and flushes it
 * (as report_sink_finish does; out stays open). Returns 0, or -1 with errno set when any
 * write failed or the document is incomplete (a container left open, a key without a
 * value). */
int json_writer_finish(json_writer *w);

/* Structure. Misuse (a key outside an object, a value where a key belongs, unbalanced
 * ends, nesting beyond JSON_MAX_DEPTH) is recorded as EINVAL and reported by finish. */
void json_begin_object(json_writer *w);
void json_end_object(json_writer *w);
void json_begin_array(json_writer *w);
void json_end_array(json_writer *w);
void json_key(json_writer *w, const char *key);

/* Values. A NULL string is written as null. Strings are escaped as JSON requires; control
 * characters become \uXXXX, U+2028 and U+2029 are escaped for JavaScript's sake, and each
 * invalid UTF-8 sequence is replaced by U+FFFD, so any C string gives valid JSON. */
void json_string(json_writer *w, const char *s);
void json_null(json_writer *w);
void json_boolean(json_writer *w, int value);
void json_integer(json_writer *w, long long value);

/* The shortest %.15g..%.17g form that reads back as the same double; non-finite is null. */
void json_number(json_writer *w, double value);

/* Writes text, already formatted by one of the report_*_text functions of report_values.h,
 * as a number ("null" included). The caller guarantees it is valid JSON. */
void json_number_text(json_writer *w, const char *text);

/* Key and value in one call, for the common member shapes. */
void json_member_string(json_writer *w, const char *key, const char *s);
void json_member_integer(json_writer *w, const char *key, long long value);
void json_member_number_text(json_writer *w, const char *key, const char *text);

#endif
