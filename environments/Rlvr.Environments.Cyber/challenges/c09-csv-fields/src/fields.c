#include <stdio.h>
#include <string.h>

#define FIELD_MAX 16

/* Copies one field into a NUL-terminated buffer; returns -1 when the field is too long. */
static int copy_field(char *dst, const char *src, size_t len)
{
    if (len > FIELD_MAX) {
        return -1;
    }
    memcpy(dst, src, len);
    dst[len] = '\0';
    return 0;
}

static void print_fields(const char *line)
{
    int column = 1;
    const char *start = line;
    for (;;) {
        const char *end = strchr(start, ',');
        size_t len = end ? (size_t)(end - start) : strlen(start);
        char field[FIELD_MAX];
        if (copy_field(field, start, len) == 0) {
            printf("%d: %s\n", column, field);
        } else {
            printf("%d: (too long)\n", column);
        }
        if (!end) {
            break;
        }
        start = end + 1;
        column++;
    }
}

int main(void)
{
    char line[512];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\r\n")] = '\0';
        print_fields(line);
    }
    return 0;
}
