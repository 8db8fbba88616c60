set -e
$CC $CFLAGS -I. cJSON.c ../harness/parse.c -o parse $LDFLAGS -lm
