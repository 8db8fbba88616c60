#include <stdio.h>
#include <string.h>

#define NAME_MAX_LEN 24

/* Splits "name:title" and prints "[ NAME | title ]" with the name upper-cased. */
static void format_badge(const char *line)
{
    char name[NAME_MAX_LEN];
    const char *colon = strchr(line, ':');
    size_t name_len = colon ? (size_t)(colon - line) : strlen(line);

    for (size_t i = 0; i < name_len; i++) {
        char c = line[i];
        name[i] = (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
    }
    name[name_len] = '\0';

    printf("[ %s | %s ]\n", name, colon ? colon + 1 : "attendee");
}

int main(void)
{
    char line[512];
    int count = 0;
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0') {
            continue;
        }
        format_badge(line);
        count++;
    }
    printf("%d badge(s)\n", count);
    return 0;
}
