#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void make_greeting(const char *name, int count)
{
    char line[32];
    strcpy(line, "Hello, ");
    strcat(line, name);
    strcat(line, "!");
    for (int i = 0; i < count; i++) {
        puts(line);
    }
}

int main(int argc, char **argv)
{
    int count = 1;
    for (int i = 1; i + 1 < argc; i++) {
        if (strcmp(argv[i], "--count") == 0) {
            count = atoi(argv[i + 1]);
        }
    }

    const char *name = getenv("GREETING_NAME");
    if (name == NULL || *name == '\0') {
        puts("nobody to greet");
        return 0;
    }

    make_greeting(name, count);
    return 0;
}
