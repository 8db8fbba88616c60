#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct setting {
    char key[32];
    char *value;
    struct setting *next;
};

static struct setting *head;

static struct setting *find(const char *key)
{
    for (struct setting *s = head; s; s = s->next) {
        if (strcmp(s->key, key) == 0) {
            return s;
        }
    }
    return NULL;
}

static void set_value(const char *key, const char *value)
{
    struct setting *s = find(key);
    if (!s) {
        s = calloc(1, sizeof *s);
        snprintf(s->key, sizeof s->key, "%s", key);
        s->next = head;
        head = s;
    }
    free(s->value);
    s->value = strdup(value);
}

/* Counts the characters of a setting's value. */
static size_t value_length(const char *key)
{
    struct setting *s = find(key);
    size_t n = 0;
    for (const char *p = s->value; *p; p++) {
        n++;
    }
    return n;
}

int main(void)
{
    char line[256];
    char key[32];
    char value[200];
    while (fgets(line, sizeof line, stdin)) {
        if (sscanf(line, "set %31s %199[^\n]", key, value) == 2) {
            set_value(key, value);
            puts("ok");
        } else if (sscanf(line, "get %31s", key) == 1) {
            struct setting *s = find(key);
            puts(s ? s->value : "(unset)");
        } else if (sscanf(line, "len %31s", key) == 1) {
            printf("%zu\n", value_length(key));
        } else {
            puts("?");
        }
    }
    return 0;
}
