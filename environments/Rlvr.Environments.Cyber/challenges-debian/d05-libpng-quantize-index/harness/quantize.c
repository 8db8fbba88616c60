/* Harness (ours): reads a PNG from stdin the way libpng's example.c does for an 8-bit screen: palette images are
 * quantized to at most 16 colours with png_set_quantize (using the file's hIST chunk when there is one), rows are
 * expanded to 8 bits, and the quantized palette and every pixel are printed. */
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SCREEN_COLORS 16

struct source { const unsigned char *data; size_t size, offset; };

static void read_data(png_structp png, png_bytep out, size_t length)
{
  struct source *src = png_get_io_ptr(png);
  if (length > src->size - src->offset)
    png_error(png, "unexpected end of file");
  memcpy(out, src->data + src->offset, length);
  src->offset += length;
}

static void on_warning(png_structp png, png_const_charp message)
{
  (void)png;
  printf("warning: %s\n", message);
}

int main(void)
{
  static unsigned char input[1 << 20];
  struct source src = { input, 0, 0 };
  png_structp png;
  png_infop info;
  png_bytepp rows = NULL;
  png_uint_32 width, height, y, x;
  int bit_depth, color_type, interlace, channels;
  src.size = fread(input, 1, sizeof input, stdin);

  png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, on_warning);
  info = png_create_info_struct(png);
  if (setjmp(png_jmpbuf(png))) {
    puts("error: not a readable PNG");
    png_destroy_read_struct(&png, &info, NULL);
    return 1;
  }
  png_set_read_fn(png, &src, read_data);
  png_set_user_limits(png, 512, 512);
  png_read_info(png, info);
  png_get_IHDR(png, info, &width, &height, &bit_depth, &color_type, &interlace, NULL, NULL);
  printf("%ux%u depth %d type %d interlace %d\n", (unsigned)width, (unsigned)height, bit_depth, color_type, interlace);

  if (bit_depth < 8)
    png_set_packing(png);
  if (bit_depth == 16)
    png_set_strip_16(png);
  if (color_type == PNG_COLOR_TYPE_PALETTE) {
    png_colorp palette;
    int num_palette = 0;
    png_uint_16p histogram = NULL;
    if (png_get_PLTE(png, info, &palette, &num_palette) != 0) {
      png_get_hIST(png, info, &histogram);
      png_set_quantize(png, palette, num_palette, MAX_SCREEN_COLORS, histogram, 0);
      printf("palette %d entries%s, quantized:", num_palette, histogram ? " with histogram" : "");
      for (x = 0; x < (png_uint_32)num_palette && x < MAX_SCREEN_COLORS; x++)
        printf(" %02x%02x%02x", palette[x].red, palette[x].green, palette[x].blue);
      putchar('\n');
    }
  }
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  channels = png_get_channels(png, info);
  rows = png_malloc(png, height * sizeof *rows);
  for (y = 0; y < height; y++)
    rows[y] = png_malloc(png, png_get_rowbytes(png, info));
  png_read_image(png, rows);
  for (y = 0; y < height; y++) {
    printf("row %u:", (unsigned)y);
    for (x = 0; x < width * (png_uint_32)channels; x++)
      printf(" %02x", rows[y][x]);
    putchar('\n');
  }
  for (y = 0; y < height; y++)
    png_free(png, rows[y]);
  png_free(png, rows);
  png_destroy_read_struct(&png, &info, NULL);
  return 0;
}
