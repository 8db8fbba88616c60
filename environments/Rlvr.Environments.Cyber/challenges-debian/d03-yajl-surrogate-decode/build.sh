set -e
# What yajl's CMake build generates: the public headers under yajl/ and yajl_version.h.
mkdir -p gen/yajl
cp src/api/*.h gen/yajl/
sed 's/\${YAJL_MAJOR}/2/; s/\${YAJL_MINOR}/1/; s/\${YAJL_MICRO}/0/' src/api/yajl_version.h.cmake > gen/yajl/yajl_version.h
$CC $CFLAGS -Igen -Isrc src/yajl.c src/yajl_alloc.c src/yajl_buf.c src/yajl_encode.c src/yajl_gen.c src/yajl_lex.c src/yajl_parser.c src/yajl_tree.c src/yajl_version.c ../harness/decode.c -o decode $LDFLAGS
