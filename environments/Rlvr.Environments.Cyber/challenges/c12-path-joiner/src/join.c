#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH_CAPACITY 64

struct path {
    char *text;
    size_t length;
};

/* Appends "/segment" to the path. */
static void append_segment(struct path *p, const char *segment, size_t n)
{
    p->text[p->length++] = '/';
    memcpy(p->text + p->length, segment, n);
    p->length += n;
    p->text[p->length] = '\0';
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: join SEGMENTS\n");
        return 2;
    }
    struct path p = { calloc(PATH_CAPACITY, 1), 0 };
    const char *start = argv[1];
    for (;;) {
        const char *comma = strchr(start, ',');
        size_t n = comma ? (size_t)(comma - start) : strlen(start);
        if (n > 0 && !(n == 1 && start[0] == '.')) {
            append_segment(&p, start, n);
        }
        if (!comma) {
            break;
        }
        start = comma + 1;
    }
    puts(p.length ? p.text : "/");
    free(p.text);
    return 0;
}
