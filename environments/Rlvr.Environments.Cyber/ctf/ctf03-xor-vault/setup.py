# Runs once per episode with the flag on stdin: a fresh 4-byte key per episode, then only the ciphertext is kept.
import os
import sys

flag = sys.stdin.read().strip().encode()
key = os.urandom(4)
with open("vault.bin", "wb") as f:
    f.write(bytes(b ^ key[i % len(key)] for i, b in enumerate(flag)))
