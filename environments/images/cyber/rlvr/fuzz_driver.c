/* Driver of libFuzzer-style harnesses in the cyber builds: reads one input (the file named by the first argument,
 * or standard input when there is none or it is "-") and calls LLVMFuzzerTestOneInput once, the way a fuzzer
 * reproduces a crash. LLVMFuzzerInitialize is called first when the harness defines it. Valid C and C++. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);
#ifdef __cplusplus
}
#endif

int main(int argc, char **argv)
{
    FILE *in = stdin;
    if (argc > 1 && strcmp(argv[1], "-") != 0) {
        in = fopen(argv[1], "rb");
        if (in == NULL) {
            perror(argv[1]);
            return 2;
        }
    }

    size_t size = 0, capacity = 4096;
    uint8_t *data = (uint8_t *)malloc(capacity);
    if (data == NULL) {
        return 2;
    }

    size_t got;
    while ((got = fread(data + size, 1, capacity - size, in)) > 0) {
        size += got;
        if (size == capacity) {
            capacity *= 2;
            uint8_t *bigger = (uint8_t *)realloc(data, capacity);
            if (bigger == NULL) {
                free(data);
                return 2;
            }
            data = bigger;
        }
    }

    if (in != stdin) {
        fclose(in);
    }

    if (LLVMFuzzerInitialize) {
        LLVMFuzzerInitialize(&argc, &argv);
    }

    /* An exact-size copy, so a read one past the input is a heap overflow the sanitizer sees. */
    uint8_t *exact = (uint8_t *)malloc(size ? size : 1);
    if (exact == NULL) {
        free(data);
        return 2;
    }
    memcpy(exact, data, size);
    free(data);
    (void)LLVMFuzzerTestOneInput(exact, size);
    free(exact);
    return 0;
}
