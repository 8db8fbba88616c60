import sys


def main():
    d = sys.stdin.buffer.read().split()
    q = int(d[0])
    p = 1
    out = []
    for _ in range(q):
        n, r = int(d[p]), int(d[p + 1])
        p += 2
        xs = sorted(map(int, d[p:p + n]), reverse=True)
        p += n
        cnt = 0
        for x in xs:
            if x - cnt * r > 0:
                cnt += 1
            else:
                break
        out.append(cnt)
    print("\n".join(map(str, out)))


main()
