#ifndef RECORDS_H
#define RECORDS_H

#include <stddef.h>
#include <stdint.h>

#if defined(NEED_THREAD_SAFE) && RECORDS_PATCH_LEVEL > 2
#define RECORDS_THREAD_NOTE "thread-safe"
#else
#define RECORDS_THREAD_NOTE "single-threaded"
#endif

typedef void (*record_callback)(unsigned kind, unsigned length, double score, void *user);

/* Parses every record of data[0..size); returns the number of records, or -1 on a malformed input. */
int records_parse(const uint8_t *data, size_t size, record_callback callback, void *user);

const char *records_version(void);

#endif
