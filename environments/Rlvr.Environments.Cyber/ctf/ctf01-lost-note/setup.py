# Runs once per episode with the flag on stdin; the flag exists only in the file written here.
import os
import sys

flag = sys.stdin.read().strip()
hidden = os.path.join("archive", "2021", "q3", ".trash")
os.makedirs(hidden)
with open(os.path.join(hidden, ".draft-7.txt"), "w") as f:
    f.write("do not circulate: " + flag + "\n")
