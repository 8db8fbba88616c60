#!/usr/bin/env python3
"""Measures how much a program that memorised the published asserts earns: the "nearest published answer"
memoriser answers every call with the expected value of the published input most like it (the planner's own
nearest_published, over the JSON of the tagged arguments or of their source). It passes a task when every
generated (extended) test's expected value equals its nearest published answer; it must pass none.

Runs the judge's planner (inside the rlvr/code-python image, network none) on every HumanEval and MBPP task with the
seed the SDK uses (FNV-1a of the problem id) and 10 extended tests, like the verifier.

Usage: scripts/code-memoriser-check.py                     (the planner inside the built image)
       scripts/code-memoriser-check.py --tree              (the planner of this working tree, mounted read-only)
       scripts/code-memoriser-check.py --judge DIR         (the judge scripts in DIR, e.g. an older version)
Prints: tasks planned, check-mode tasks (no memorisable table: the check code decides), tasks with extended tests,
tasks the memoriser passes (with ids), tasks without any extended test (with ids), extended tests whose expected
value equals the nearest published answer. Needs Docker and rlvr/code-python:latest (rlvr images build code-python).
"""
import gzip, json, os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def data_dir():
    """RLVR_CODE_DATA_DIR, else code/ in RLVR_TEST_DATA_DIR, else the first benchmarks/code folder of a 'shared'
    directory above the repository."""
    if os.environ.get('RLVR_CODE_DATA_DIR'):
        return os.environ['RLVR_CODE_DATA_DIR']
    if os.environ.get('RLVR_TEST_DATA_DIR'):
        return os.path.join(os.environ['RLVR_TEST_DATA_DIR'], 'code')
    up = ROOT
    while os.path.dirname(up) != up:
        up = os.path.dirname(up)
        candidate = os.path.join(up, 'shared', 'benchmarks', 'code')
        if os.path.isdir(candidate):
            return candidate
    sys.exit('HumanEval/MBPP data not found: set RLVR_CODE_DATA_DIR')


SHARED = data_dir()
JUDGE = os.path.join(ROOT, 'environments', 'images', 'code-python', 'judge')
sys.path.insert(0, JUDGE)
import planner  # noqa: E402  (trusted judge code: its nearest_published is the memoriser's choice)


def fnv(text):
    h = 2166136261
    for b in text.encode('utf-8'):
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h & 0x7FFFFFFF


def tasks():
    for r in map(json.loads, gzip.open(os.path.join(SHARED, 'HumanEval.jsonl.gz'), 'rt')):
        yield r['task_id'], {"reference": r['prompt'] + r['canonical_solution'], "tests": r['test'], "style": "check", "entry_point": r['entry_point']}
    for line in open(os.path.join(SHARED, 'mbpp.jsonl')):
        r = json.loads(line)
        setup = (r.get('test_setup_code') or '').replace('\r\n', '\n')
        tests = '\n'.join(t.replace('\r\n', '\n').strip() for t in r['test_list'])
        entry = re.search(r'assert\s+(?:not\s+)?\(?\s*(\w+)\(', tests)
        if not entry:
            continue
        code = r['code'].replace('\r\n', '\n')
        yield 'mbpp/%s' % r['task_id'], {"reference": code + ('\n' + setup if setup else ''), "tests": tests + '\n', "style": "module", "entry_point": entry.group(1)}


def main():
    mount, path = [], '/opt/rlvr/planner.py'
    if '--tree' in sys.argv:
        mount, path = ['-v', JUDGE + ':/opt/alt:ro'], '/opt/alt/planner.py'
    elif '--judge' in sys.argv:
        # Another judge folder (an older planner, to compare): python3 scripts/code-memoriser-check.py --judge DIR
        mount, path = ['-v', os.path.abspath(sys.argv[sys.argv.index('--judge') + 1]) + ':/opt/alt:ro'], '/opt/alt/planner.py'
    ids, reqs = [], []
    for tid, req in tasks():
        req.update(seed=fnv(tid), extended=10)
        ids.append(tid)
        reqs.append(req)
    driver = ("import json,subprocess,sys\nfor line in sys.stdin:\n    p=subprocess.run(['python3','%s'],input=line.encode(),capture_output=True,timeout=180)\n"
              "    print(json.dumps({'out':p.stdout.decode(errors='replace')}),flush=True)\n") % path
    cmd = ['docker', 'run', '-i', '--rm', '--network', 'none', *mount, 'rlvr/code-python:latest', 'python3', '-c', driver]
    proc = subprocess.run(cmd, input='\n'.join(json.dumps(r) for r in reqs).encode() + b'\n', capture_output=True, timeout=7200)
    outs = [json.loads(line)['out'] for line in proc.stdout.decode().splitlines()]
    check_mode, with_ext, memorised, none, equal, total = [], 0, [], [], 0, 0
    for tid, out in zip(ids, outs):
        try:
            plan = json.loads(out)
        except ValueError:
            continue
        if plan.get('mode') != 'cases':
            check_mode.append(tid)
            continue
        cases = [c for c in plan['cases'] if c.get('reference_ok', True)]
        published = [c for c in cases if not c.get('extended') and ('expected' in c or c['kind'] in ('truthy', 'falsy'))]
        ext = [c for c in cases if c.get('extended')]
        if not ext:
            none.append(tid)
            continue
        with_ext += 1
        hits = 0
        for c in ext:
            near = planner.nearest_published(planner._key(c), published)
            total += 1
            if near is not None and planner.published_answer(near) == json.dumps(c['expected'], sort_keys=True):
                hits += 1
        equal += hits
        if hits == len(ext):
            memorised.append(tid)
    print('tasks planned:', len(outs), 'of', len(ids))
    print('check-mode tasks (the check code decides):', len(check_mode))
    print('tasks with extended tests:', with_ext, '; extended tests:', total)
    print('extended tests whose expected value equals the nearest published answer:', equal)
    print('tasks the nearest-published-answer memoriser passes:', len(memorised), memorised[:40])
    print('tasks without any extended test:', len(none), none)


if __name__ == '__main__':
    main()
