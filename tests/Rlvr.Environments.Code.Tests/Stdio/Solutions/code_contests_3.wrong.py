import sys
d = sys.stdin.read().split()
n = int(d[0])
print(sum(1 for x, y in zip(d[1:1 + n], d[1 + n:1 + 2 * n]) if x != y))
