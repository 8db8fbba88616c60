#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct image {
    unsigned char *bytes;
    size_t size;
    size_t used;
};

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Appends the bytes of one DATA record to the image. */
static int load_data(struct image *img, const char *hex)
{
    while (hex[0] && hex[1]) {
        int hi = hex_value(hex[0]);
        int lo = hex_value(hex[1]);
        if (hi < 0 || lo < 0) {
            return -1;
        }
        img->bytes[img->used++] = (unsigned char)(hi * 16 + lo);
        hex += 2;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: loader FILE\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "r");
    if (!in) {
        perror("open");
        return 2;
    }

    struct image img = { NULL, 0, 0 };
    char line[1024];
    while (fgets(line, sizeof line, in)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (strncmp(line, "SIZE ", 5) == 0 && !img.bytes) {
            long n = strtol(line + 5, NULL, 10);
            if (n <= 0 || n > 65536) {
                puts("bad size");
                break;
            }
            img.size = (size_t)n;
            img.bytes = calloc(img.size, 1);
        } else if (strncmp(line, "DATA ", 5) == 0 && img.bytes) {
            if (load_data(&img, line + 5) != 0) {
                puts("bad record");
                break;
            }
        }
    }
    fclose(in);

    unsigned sum = 0;
    for (size_t i = 0; i < img.used; i++) {
        sum = (sum * 31 + img.bytes[i]) & 0xffffu;
    }
    printf("loaded %zu of %zu bytes, checksum %04x\n", img.used, img.size, sum);
    free(img.bytes);
    return 0;
}
