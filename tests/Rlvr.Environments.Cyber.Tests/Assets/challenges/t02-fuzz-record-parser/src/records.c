#include "records.h"

#include <math.h>

const char *records_version(void)
{
    return RECORD_FORMAT_VERSION " " RECORDS_THREAD_NOTE;
}

int records_parse(const uint8_t *data, size_t size, record_callback callback, void *user)
{
    size_t pos = 0;
    int count = 0;
    while (pos < size) {
        if (size - pos < 2) {
            return -1;
        }

        unsigned kind = data[pos];
        unsigned length = data[pos + 1];
        pos += 2;
        unsigned sum = 0;
        for (unsigned i = 0; i < length; i++) {
            sum += data[pos + i];
        }

        callback(kind, length, sqrt((double)sum) * RECORD_SCALE, user);
        pos += length;
        count++;
    }

    return count;
}
