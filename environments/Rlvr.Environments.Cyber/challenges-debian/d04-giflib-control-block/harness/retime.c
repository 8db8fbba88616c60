/* Harness (ours): what "giftool -d 10" does to every frame of a GIF read from stdin. The file is slurped, and for
 * each image the graphics control block is read, its delay set to 10 (1/10 s) and written back with
 * EGifGCBToSavedExtension; the frames, their extension blocks and the control blocks before and after are printed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gif_lib.h"

struct source { const unsigned char *data; size_t size, offset; };

static int read_data(GifFileType *gif, GifByteType *out, int length)
{
  struct source *src = gif->UserData;
  size_t n = (size_t)length;
  if (n > src->size - src->offset)
    n = src->size - src->offset;
  memcpy(out, src->data + src->offset, n);
  src->offset += n;
  return (int)n;
}

static void print_gcb(const char *label, GifFileType *gif, int index)
{
  GraphicsControlBlock gcb;
  if (DGifSavedExtensionToGCB(gif, index, &gcb) == GIF_OK)
    printf("  %s: disposal %d, user input %d, delay %d, transparent %d\n", label, gcb.DisposalMode,
           gcb.UserInputFlag, gcb.DelayTime, gcb.TransparentColor);
  else
    printf("  %s: none\n", label);
}

int main(void)
{
  static unsigned char input[1 << 20];
  struct source src = { input, 0, 0 };
  int error = 0, i, j;
  GifFileType *gif;
  src.size = fread(input, 1, sizeof input, stdin);
  gif = DGifOpen(&src, read_data, &error);
  if (gif == NULL) {
    printf("open failed: %s\n", GifErrorString(error));
    return 1;
  }
  if (DGifSlurp(gif) != GIF_OK) {
    printf("read failed: %s\n", GifErrorString(gif->Error));
    DGifCloseFile(gif, &error);
    return 1;
  }
  printf("screen %dx%d, %d colours, %d image(s)\n", gif->SWidth, gif->SHeight,
         gif->SColorMap ? gif->SColorMap->ColorCount : 0, gif->ImageCount);
  for (i = 0; i < gif->ImageCount; i++) {
    SavedImage *image = &gif->SavedImages[i];
    GraphicsControlBlock gcb = { DISPOSAL_UNSPECIFIED, false, 0, NO_TRANSPARENT_COLOR };
    long sum = 0;
    int pixels = image->ImageDesc.Width * image->ImageDesc.Height;
    for (j = 0; j < pixels; j++)
      sum += image->RasterBits[j];
    printf("image %d at %d,%d size %dx%d, pixel sum %ld\n", i, image->ImageDesc.Left, image->ImageDesc.Top,
           image->ImageDesc.Width, image->ImageDesc.Height, sum);
    for (j = 0; j < image->ExtensionBlockCount; j++)
      printf("  extension 0x%02x, %d bytes\n", image->ExtensionBlocks[j].Function, image->ExtensionBlocks[j].ByteCount);
    print_gcb("before", gif, i);
    DGifSavedExtensionToGCB(gif, i, &gcb);
    gcb.DelayTime = 10;
    if (EGifGCBToSavedExtension(&gcb, gif, i) != GIF_OK)
      puts("  retime failed");
    print_gcb("after", gif, i);
  }
  DGifCloseFile(gif, &error);
  return 0;
}
