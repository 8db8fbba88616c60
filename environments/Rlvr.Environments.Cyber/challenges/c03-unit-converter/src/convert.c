#include <stdio.h>

struct unit {
    const char *name;
    double mm_per_unit;
};

static const struct unit units[] = {
    { "mm", 1.0 },
    { "cm", 10.0 },
    { "m", 1000.0 },
    { "in", 25.4 },
    { "ft", 304.8 },
};

#define UNIT_COUNT ((int)(sizeof units / sizeof units[0]))

/* Converts millimetres to the unit with the given number. */
static int convert(double mm, int unit, double *value, const char **name)
{
    if (unit < 0) {
        return -1;
    }
    *value = mm / units[unit].mm_per_unit;
    *name = units[unit].name;
    return 0;
}

int main(void)
{
    double mm;
    int unit;
    while (scanf("%lf %d", &mm, &unit) == 2) {
        double value;
        const char *name;
        if (convert(mm, unit, &value, &name) != 0) {
            puts("unknown unit");
            continue;
        }
        printf("%.3f %s\n", value, name);
    }
    return 0;
}
