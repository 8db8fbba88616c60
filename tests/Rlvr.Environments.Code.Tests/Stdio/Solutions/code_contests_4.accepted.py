import sys


def primes(x):
    ps = set()
    i = 2
    while i * i <= x:
        while x % i == 0:
            ps.add(i)
            x //= i
        i += 1
    if x > 1:
        ps.add(x)
    return ps


def main():
    d = sys.stdin.buffer.read().split()
    n = int(d[0])
    pairs = [(int(d[1 + 2 * i]), int(d[2 + 2 * i])) for i in range(n)]
    for p in sorted(primes(pairs[0][0]) | primes(pairs[0][1])):
        if all(x % p == 0 or y % p == 0 for x, y in pairs):
            print(p)
            return
    print(-1)


main()
