import sys
d = sys.stdin.buffer.read().split()
a = int(d[1])
p = 2
while a % p:
    p += 1
print(p)
