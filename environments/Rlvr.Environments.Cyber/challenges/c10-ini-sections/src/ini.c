#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SECTION_NAME_MAX 12
#define MAX_ENTRIES 64

struct entry {
    char *section;
    char *key;
    char *value;
};

static struct entry entries[MAX_ENTRIES];
static int entry_count;

/* Copies the name between '[' and ']' into a fresh buffer. */
static char *parse_section(const char *line)
{
    char *name = malloc(SECTION_NAME_MAX);
    const char *p = line + 1;
    size_t n = 0;
    while (*p && *p != ']') {
        name[n++] = *p++;
    }
    name[n] = '\0';
    return name;
}

static void add_entry(const char *section, const char *line)
{
    const char *eq = strchr(line, '=');
    if (!eq || entry_count == MAX_ENTRIES) {
        return;
    }
    struct entry *e = &entries[entry_count++];
    e->section = strdup(section);
    e->key = strndup(line, (size_t)(eq - line));
    e->value = strdup(eq + 1);
}

/* Answers "section.key". */
static void answer_query(const char *query)
{
    const char *dot = strchr(query, '.');
    size_t section_len = (size_t)(dot - query);
    for (int i = 0; i < entry_count; i++) {
        if (strcmp(entries[i].key, dot + 1) == 0
            && strlen(entries[i].section) == section_len
            && strncmp(entries[i].section, query, section_len) == 0) {
            printf("%s\n", entries[i].value);
            return;
        }
    }
    printf("(none)\n");
}

int main(void)
{
    char line[256];
    char *section = strdup("");
    int querying = 0;
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (querying) {
            answer_query(line);
        } else if (strcmp(line, "%%") == 0) {
            querying = 1;
        } else if (line[0] == '[') {
            free(section);
            section = parse_section(line);
        } else if (line[0] != '\0' && line[0] != ';') {
            add_entry(section, line);
        }
    }
    free(section);
    return 0;
}
