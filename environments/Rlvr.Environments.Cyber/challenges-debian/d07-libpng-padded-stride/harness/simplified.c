/* Harness (ours): decodes a PNG from stdin with libpng's simplified API into 8-bit RGBA, the format most
 * applications ask for, with every row aligned to 64 bytes (a padded row stride, as SIMD code wants), and prints
 * the image size, the file's own format flags and every output pixel. */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
  static unsigned char input[1 << 20];
  size_t size = fread(input, 1, sizeof input, stdin);
  png_image image;
  png_bytep buffer;
  png_uint_32 i, n, stride;
  memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  if (png_image_begin_read_from_memory(&image, input, size) == 0) {
    printf("error: %s\n", image.message);
    return 1;
  }
  printf("%ux%u, file format 0x%x\n", (unsigned)image.width, (unsigned)image.height, (unsigned)image.format);
  if (image.width > 256 || image.height > 256) {
    puts("error: too large");
    png_image_free(&image);
    return 1;
  }
  image.format = PNG_FORMAT_RGBA;
  stride = (PNG_IMAGE_ROW_STRIDE(image) + 63) / 64 * 64;
  buffer = calloc(image.height, stride);
  if (png_image_finish_read(&image, NULL, buffer, (png_int_32)stride, NULL) == 0) {
    printf("error: %s\n", image.message);
    free(buffer);
    return 1;
  }
  n = image.width * image.height;
  for (i = 0; i < n; i++) {
    png_bytep p = buffer + (i / image.width) * stride + 4 * (i % image.width);
    printf("%02x%02x%02x%02x%c", p[0], p[1], p[2], p[3], (i + 1) % image.width == 0 ? '\n' : ' ');
  }
  free(buffer);
  return 0;
}
