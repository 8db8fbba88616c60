#include <stdio.h>
#include <string.h>

static unsigned long sequence;

/* Writes one record: sequence number, level, then the message. */
static void log_record(const char *level, const char *message)
{
    sequence++;
    printf("%06lu [%-5s] ", sequence, level);
    printf(message);
    printf("\n");
}

int main(void)
{
    char line[256];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *space = strchr(line, ' ');
        if (!space) {
            log_record("INFO", line);
            continue;
        }
        *space = '\0';
        log_record(line, space + 1);
    }
    return 0;
}
