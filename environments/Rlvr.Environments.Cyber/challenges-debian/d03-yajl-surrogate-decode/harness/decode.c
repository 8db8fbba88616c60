/* Harness (ours): each input line is the body of a JSON string (what sits between the quotes). The line is first
 * parsed as a JSON document "<line>" by yajl, and the string the parser reports is printed; when the document is
 * valid, the same escaped text is handed to yajl_string_decode (the decoder the parser uses for string tokens) in a
 * buffer of exactly its length, as a lexer's token would be, and the decoded bytes are printed in hex. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "api/yajl_parse.h"
#include "yajl_buf.h"
#include "yajl_encode.h"
#include "yajl_alloc.h"

static void print_hex(const char *label, const unsigned char *s, size_t len)
{
  size_t i;
  printf("  %s (%zu bytes):", label, len);
  for (i = 0; i < len; i++)
    printf(" %02x", s[i]);
  putchar('\n');
}

static int on_string(void *ctx, const unsigned char *s, size_t len)
{
  (void)ctx;
  print_hex("parsed", s, len);
  return 1;
}

static const yajl_callbacks callbacks = { NULL, NULL, NULL, NULL, NULL, on_string, NULL, NULL, NULL, NULL, NULL };

int main(void)
{
  static char line[65536];
  yajl_alloc_funcs alloc;
  yajl_set_default_alloc_funcs(&alloc);
  while (fgets(line, sizeof line, stdin) != NULL) {
    size_t n = strlen(line);
    char *doc;
    unsigned char *token;
    yajl_handle parser;
    yajl_status status;
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
      line[--n] = '\0';
    printf("line %zu chars\n", n);
    doc = malloc(n + 2);
    doc[0] = '"';
    memcpy(doc + 1, line, n);
    doc[n + 1] = '"';
    parser = yajl_alloc(&callbacks, NULL, NULL);
    status = yajl_parse(parser, (const unsigned char *)doc, n + 2);
    if (status == yajl_status_ok)
      status = yajl_complete_parse(parser);
    yajl_free(parser);
    free(doc);
    if (status != yajl_status_ok) {
      puts("  invalid JSON string");
      continue;
    }
    token = malloc(n);
    memcpy(token, line, n);
    {
      yajl_buf buf = yajl_buf_alloc(&alloc);
      yajl_string_decode(buf, token, n);
      print_hex("decoded", yajl_buf_data(buf), yajl_buf_len(buf));
      yajl_buf_free(buf);
    }
    free(token);
  }
  return 0;
}
