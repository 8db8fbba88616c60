/* Harness (ours): the whole of standard input is one JSON text, handed to cJSON_ParseWithLength in a buffer of
 * exactly its length (no terminating NUL, as when parsing a network message in place). The parsed value is printed
 * back compactly, or the offset at which parsing stopped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cJSON.h"

int main(void)
{
  static char input[1 << 16];
  size_t n = fread(input, 1, sizeof input, stdin);
  char *text = malloc(n > 0 ? n : 1);
  cJSON *root;
  memcpy(text, input, n);
  root = cJSON_ParseWithLength(text, n);
  if (root == NULL) {
    const char *at = cJSON_GetErrorPtr();
    printf("invalid JSON at offset %ld of %zu\n", at != NULL ? (long)(at - text) : -1L, n);
  } else {
    char *out = cJSON_PrintUnformatted(root);
    printf("%s\n", out);
    printf("%d top-level item(s)\n", cJSON_GetArraySize(root));
    free(out);
    cJSON_Delete(root);
  }
  free(text);
  return 0;
}
