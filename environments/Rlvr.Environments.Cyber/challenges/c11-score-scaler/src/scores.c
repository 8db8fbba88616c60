#include <limits.h>
#include <stdio.h>

/* Multiplies points by a multiplier; returns -1 when the product does not fit. */
static int scale_score(int points, int multiplier, int *out)
{
    if (points < 0 || multiplier < 0) {
        return -1;
    }
    int product = points * multiplier;
    if (product < 0) {
        return -1;
    }
    *out = product;
    return 0;
}

int main(void)
{
    int points, multiplier;
    long long total = 0;
    while (scanf("%d %d", &points, &multiplier) == 2) {
        int scaled;
        if (scale_score(points, multiplier, &scaled) != 0) {
            puts("overflow");
            continue;
        }
        total += scaled;
        printf("%d (total %lld)\n", scaled, total);
    }
    return 0;
}
