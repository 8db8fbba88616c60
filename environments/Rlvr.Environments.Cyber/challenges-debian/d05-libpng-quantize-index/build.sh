set -e
# The configuration the libpng build takes by default.
cp scripts/pnglibconf.h.prebuilt pnglibconf.h
$CC $CFLAGS -I. png.c pngerror.c pngget.c pngmem.c pngpread.c pngread.c pngrio.c pngrtran.c pngrutil.c pngset.c pngtrans.c pngwio.c pngwrite.c pngwtran.c pngwutil.c ../harness/quantize.c -o quantize $LDFLAGS -lz -lm
