/* Coverage probe of `rlvr cyber check`: linked into a build made with -fsanitize-coverage=trace-pc, it records every
 * distinct program counter that calls __sanitizer_cov_trace_pc (one per basic block) and, at exit, writes them as
 * offsets from the start of the executable (what addr2line reads) to the file named by RLVR_COV_OUT. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

extern char __executable_start;

#define SLOTS (1u << 18)
static uintptr_t seen[SLOTS];

void __sanitizer_cov_trace_pc(void)
{
    uintptr_t pc = (uintptr_t)__builtin_return_address(0);
    size_t h = (size_t)((pc * 0x9E3779B97F4A7C15ull) >> 46) & (SLOTS - 1);
    for (size_t i = 0; i < 64; i++) {
        size_t j = (h + i) & (SLOTS - 1);
        if (seen[j] == pc) {
            return;
        }
        if (seen[j] == 0) {
            seen[j] = pc;
            return;
        }
    }
}

__attribute__((destructor)) static void rlvr_coverage_dump(void)
{
    const char *out = getenv("RLVR_COV_OUT");
    if (out == NULL) {
        return;
    }
    FILE *f = fopen(out, "w");
    if (f == NULL) {
        return;
    }
    uintptr_t base = (uintptr_t)&__executable_start;
    for (size_t j = 0; j < SLOTS; j++) {
        if (seen[j] != 0) {
            fprintf(f, "0x%lx\n", (unsigned long)(seen[j] - base - 1));
        }
    }
    fclose(f);
}
