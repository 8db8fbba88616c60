n = int(input())
s = input().strip()
t, a = s.count("T"), s.count("A")
print("T" if t >= a else "A")
