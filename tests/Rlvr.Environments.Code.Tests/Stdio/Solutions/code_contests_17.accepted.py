n = input().strip()
m = input().strip()
if n == "0":
    best = "0"
else:
    ds = sorted(n)
    i = next(i for i, c in enumerate(ds) if c != "0")
    ds[0], ds[i] = ds[i], ds[0]
    best = "".join(ds)
print("OK" if m == best else "WRONG_ANSWER")
