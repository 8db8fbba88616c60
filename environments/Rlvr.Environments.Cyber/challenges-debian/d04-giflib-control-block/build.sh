set -e
$CC $CFLAGS -I. dgif_lib.c egif_lib.c gifalloc.c gif_err.c gif_hash.c openbsd-reallocarray.c ../harness/retime.c -o retime $LDFLAGS
