import sys
from collections import Counter
d = sys.stdin.read().split()
n = int(d[0])
a = Counter(d[1:1 + n])
b = Counter(d[1 + n:1 + 2 * n])
print(sum((b - a).values()))
