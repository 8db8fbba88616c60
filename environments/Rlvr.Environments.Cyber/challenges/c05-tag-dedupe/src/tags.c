#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TAGS 16

/* Prints the distinct tags of one line; every tag is copied so the line buffer can be reused. */
static void dedupe_line(char *line)
{
    char *kept[MAX_TAGS];
    int count = 0;

    for (char *tok = strtok(line, ","); tok; tok = strtok(NULL, ",")) {
        char *tag = strdup(tok);
        int seen = 0;
        for (int i = 0; i < count; i++) {
            if (strcmp(kept[i], tag) == 0) {
                seen = 1;
            }
        }
        if (seen || count == MAX_TAGS) {
            free(tag);
        }
        if (!seen && count < MAX_TAGS) {
            kept[count++] = tag;
            continue;
        }
        free(tag);
    }

    for (int i = 0; i < count; i++) {
        printf("%s%s", i ? " " : "", kept[i]);
        free(kept[i]);
    }
    printf("\n");
}

int main(void)
{
    char line[512];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\r\n")] = '\0';
        dedupe_line(line);
    }
    return 0;
}
