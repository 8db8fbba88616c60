import sys
from collections import Counter
d = sys.stdin.buffer.read().split()
n, I = int(d[0]), int(d[1])
a = list(map(int, d[2:2 + n]))
k = min(8 * I // n, 30)
K = 1 << k
c = Counter(a)
vals = sorted(c)
cnt = [c[v] for v in vals]
m = len(vals)
if K >= m:
    print(0)
else:
    s = sum(cnt[:K])
    best = s
    for i in range(K, m):
        s += cnt[i] - cnt[i - K]
        best = max(best, s)
    print(n - best)
