#include <stdio.h>
#include <stdlib.h>

struct canvas {
    unsigned width;
    unsigned height;
    char *cells;
};

/* Sets every cell to the fill character. */
static void fill_canvas(struct canvas *c, char fill)
{
    for (unsigned y = 0; y < c->height; y++) {
        for (unsigned x = 0; x < c->width; x++) {
            c->cells[y * c->width + x] = fill;
        }
    }
}

static int make_canvas(struct canvas *c, unsigned width, unsigned height)
{
    if (width == 0 || height == 0 || width > 60000 || height > 60000) {
        return -1;
    }
    unsigned short area = (unsigned short)(width * height);
    c->width = width;
    c->height = height;
    c->cells = malloc(area);
    return c->cells ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: canvas FILE\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "r");
    if (!in) {
        perror("open");
        return 2;
    }
    unsigned w, h;
    char fill;
    if (fscanf(in, "%u %u %c", &w, &h, &fill) != 3) {
        puts("bad header");
        fclose(in);
        return 1;
    }
    struct canvas c;
    if (make_canvas(&c, w, h) != 0) {
        puts("bad size");
        fclose(in);
        return 1;
    }
    fill_canvas(&c, fill);

    unsigned x, y;
    char ch;
    int painted = 0;
    while (fscanf(in, "%u %u %c", &x, &y, &ch) == 3) {
        if (x < c.width && y < c.height) {
            c.cells[y * c.width + x] = ch;
            painted++;
        }
    }
    fclose(in);

    if (c.width <= 40 && c.height <= 20) {
        for (unsigned row = 0; row < c.height; row++) {
            fwrite(c.cells + row * c.width, 1, c.width, stdout);
            putchar('\n');
        }
    } else {
        printf("%ux%u canvas, %d painted\n", c.width, c.height, painted);
    }
    free(c.cells);
    return 0;
}
