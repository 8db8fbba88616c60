import sys


def main():
    d = sys.stdin.buffer.read().split()
    t = int(d[0])
    p = 1
    out = []
    for _ in range(t):
        a, b, q = int(d[p]), int(d[p + 1]), int(d[p + 2])
        p += 3
        period = a * b
        pre = [0] * (period + 1)
        for x in range(period):
            pre[x + 1] = pre[x] + ((x % a) % b != (x % b) % a)

        def upto(n):
            m = n + 1
            return (m // period) * pre[period] + pre[m % period]

        res = []
        for _ in range(q):
            lo, hi = int(d[p]), int(d[p + 1])
            p += 2
            res.append(upto(hi) - upto(lo - 1))
        out.append(" ".join(map(str, res)))
    print("\n".join(out))


main()
