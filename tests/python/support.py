"""Paths of the Python modules under test."""
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
JUDGE = os.path.join(ROOT, "environments", "images", "code-python", "judge")
AGENT = os.path.join(ROOT, "src", "Rlvr.Sandbox.Docker", "Agent", "rlvr_agent.py")


def judge_on_path():
    """Makes the judge's modules importable (in the image they sit beside each other in one folder)."""
    if JUDGE not in sys.path:
        sys.path.insert(0, JUDGE)
