python3 -c '
data = open("vault.bin", "rb").read()
key = bytes(c ^ p for c, p in zip(data, b"rlvr"))
print(bytes(b ^ key[i % 4] for i, b in enumerate(data)).decode())
'
