#include <stdint.h>
#include <stdio.h>

#include "records.h"

static void print_record(unsigned kind, unsigned length, double score, void *user)
{
    (void)user;
    printf("record kind=%u length=%u score=%.3f\n", kind, length, score);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int count = records_parse(data, size, print_record, NULL);
    printf("%s: %d records\n", records_version(), count);
    return 0;
}
