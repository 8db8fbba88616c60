#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 8

struct note {
    int id;
    char text[48];
};

static struct note *slots[SLOTS];
static int next_id = 1;

static int parse_slot(const char *arg)
{
    int slot = atoi(arg);
    return (slot >= 0 && slot < SLOTS) ? slot : -1;
}

static void new_note(const char *text)
{
    for (int i = 0; i < SLOTS; i++) {
        if (!slots[i]) {
            slots[i] = calloc(1, sizeof *slots[i]);
            slots[i]->id = next_id++;
            snprintf(slots[i]->text, sizeof slots[i]->text, "%s", text);
            printf("slot %d\n", i);
            return;
        }
    }
    puts("full");
}

static void delete_note(int slot)
{
    if (!slots[slot]) {
        puts("empty");
        return;
    }
    free(slots[slot]);
    puts("deleted");
}

static void show_note(int slot)
{
    if (!slots[slot]) {
        puts("empty");
        return;
    }
    printf("#%d %s\n", slots[slot]->id, slots[slot]->text);
}

int main(void)
{
    char line[128];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (strncmp(line, "new ", 4) == 0) {
            new_note(line + 4);
        } else if (strncmp(line, "del ", 4) == 0 || strncmp(line, "show ", 5) == 0) {
            int slot = parse_slot(strchr(line, ' ') + 1);
            if (slot < 0) {
                puts("bad slot");
            } else if (line[0] == 'd') {
                delete_note(slot);
            } else {
                show_note(slot);
            }
        } else if (strcmp(line, "list") == 0) {
            for (int i = 0; i < SLOTS; i++) {
                if (slots[i]) {
                    printf("%d: #%d\n", i, slots[i]->id);
                }
            }
        }
    }
    return 0;
}
