# Runs once per episode with the flag on stdin: writes a noisy log with one encoded token line.
import base64
import codecs
import os
import random
import sys

flag = sys.stdin.read().strip()
token = base64.b64encode(codecs.encode(flag, "rot13").encode()).decode()
rng = random.Random(os.urandom(8))
paths = ["/", "/login", "/api/items", "/api/cart", "/health", "/static/app.js"]
lines = []
for i in range(400):
    lines.append("2024-03-%02d 12:%02d:%02d GET %s %d %dms" % (1 + i % 28, i % 60, rng.randrange(60), rng.choice(paths), rng.choice([200, 200, 200, 304, 404, 500]), rng.randrange(5, 900)))
    if rng.random() < 0.05:
        lines.append("2024-03-%02d 12:%02d:%02d DEBUG cache token=%s" % (1 + i % 28, i % 60, rng.randrange(60), base64.b64encode(os.urandom(12)).decode()))
lines.insert(rng.randrange(100, 300), "2024-03-09 04:12:55 WARN session leaked token=" + token)
with open(os.path.join("logs", "app.log"), "w") as f:
    f.write("\n".join(lines) + "\n")
