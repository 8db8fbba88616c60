#!/bin/bash
# Build of the C++ test challenge: a static library and a program, through $CXX (the verifier's wrapper).
set -e
mkdir -p out obj
$CXX $CXXFLAGS -Ilib -c lib/token_list.cpp -o obj/token_list.o
ar rcs obj/libtokens.a obj/token_list.o
$CXX $CXXFLAGS -Ilib -c main.cpp -o obj/main.o
$CXX obj/main.o obj/libtokens.a -o out/tokens $LDFLAGS
