#!/usr/bin/env python3
"""Runs the judge's planner (inside the rlvr/code-python image, network none) on every HumanEval and MBPP task
and counts generated (extended) inputs that break a property every published input of that argument shares:
sorted lists, distinct elements, positive ints, non-empty strings/lists, digit-only strings, tuple sizes.

Usage: scripts/code-domain-check.py                      (the planner inside the built image)
       scripts/code-domain-check.py /opt/alt/planner.py -v "$PWD/environments/images/code-python/judge:/opt/alt:ro"
                                                          (a planner from a working tree, mounted read-only)
Needs Docker, rlvr/code-python:latest (rlvr images build code-python) and RLVR_TEST_DATA_DIR."""
import collections, gzip, json, os, re, subprocess, sys, zlib

# The benchmark data folder (holding code/), as for the tests: RLVR_TEST_DATA_DIR (docs/data.md).
SHARED = os.path.join(os.environ['RLVR_TEST_DATA_DIR'], 'code')

def tagged_to_py(v):
    if isinstance(v, dict):
        if 'i' in v: return int(v['i'])
        if 'f' in v: return float(v['f'])
        if 't' in v: return tuple(tagged_to_py(x) for x in v['t'])
        if 's' in v: return ('<set>',)
        if 'd' in v: return {repr(tagged_to_py(k)): tagged_to_py(x) for k, x in v['d']}
        if 'c' in v: return 0j
        return v
    if isinstance(v, list): return [tagged_to_py(x) for x in v]
    return v

def props(v):
    p = set()
    if isinstance(v, bool): return p
    if isinstance(v, int):
        if v >= 1: p.add('int>=1')
        if v >= 0: p.add('int>=0')
    if isinstance(v, str):
        if v and all(c in '()[]{}<> ' for c in v) and any(c in '()[]{}<>' for c in v):
            depth, ok = [], True
            for c in v:
                if c in '([{<': depth.append(c)
                elif c in ')]}>': ok = ok and bool(depth) and depth.pop() == {')': '(', ']': '[', '}': '{', '>': '<'}[c]
            if ok and not depth: p.add('str-balanced')
        if v: p.add('str-nonempty')
        if v and v.isdigit(): p.add('str-digits')
        if v and v.isalpha(): p.add('str-alpha')
    if isinstance(v, tuple) and v[:1] != ('<set>',): p.add('tuple-len-%d' % len(v))
    if isinstance(v, (list, tuple)) and not (isinstance(v, tuple) and v[:1] == ('<set>',)):
        if v: p.add('seq-nonempty')
        rows = [len(x) for x in v if isinstance(x, (list, tuple))]
        if v and len(rows) == len(v) and rows[0] > 0 and len(set(rows)) == 1:
            p.add('grid-rectangular')
            if rows[0] == len(v): p.add('grid-square')
        try:
            if len(v) > 1 and list(v) == sorted(v): p.add('seq-sorted')
        except TypeError: pass
        try:
            if len(v) > 1 and len(set(map(repr, v))) == len(v): p.add('seq-distinct')
        except TypeError: pass
        if v and all(isinstance(x, int) and not isinstance(x, bool) and x >= 1 for x in v): p.add('seq-int>=1')
        if v and all(isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in v): p.add('seq-int>=0')
    return p

def tasks():
    for r in map(json.loads, gzip.open(os.path.join(SHARED, 'HumanEval.jsonl.gz'), 'rt')):
        yield r['task_id'], {"reference": r['prompt'] + r['canonical_solution'], "tests": r['test'], "style": "check", "entry_point": r['entry_point']}
    for line in open(os.path.join(SHARED, 'mbpp.jsonl')):
        r = json.loads(line)
        setup = r.get('test_setup_code') or ''
        m = re.search(r'def (\w+)\(', r['code'])
        tests = '\n'.join(r['test_list'])
        entry = re.search(r'assert\s+(?:not\s+)?\(?\s*(\w+)\(', tests)
        if not entry: continue
        yield 'mbpp/%s' % r['task_id'], {"reference": r['code'] + ('\n' + setup if setup else ''), "tests": tests, "style": "module", "entry_point": entry.group(1)}

planner = sys.argv[1] if len(sys.argv) > 1 else '/opt/rlvr/planner.py'
mount = sys.argv[2:]  # e.g. -v host:/opt/alt:ro
broken = collections.Counter(); total_ext = 0; tasks_hit = set(); examples = collections.defaultdict(list)
ids = []; reqs = []
for tid, req in tasks():
    req.update(seed=zlib.crc32(tid.encode()) % 100000, extended=10); ids.append(tid); reqs.append(req)
# One container, many plans: a tiny driver loops over requests.
driver = "import json,sys,subprocess\nfor line in sys.stdin:\n    p=subprocess.run(['python3','%s'],input=line.encode(),capture_output=True,timeout=120)\n    print(json.dumps({'out':p.stdout.decode(errors='replace')}),flush=True)\n" % planner
cmd = ['docker', 'run', '-i', '--rm', '--network', 'none', *mount, 'rlvr/code-python:latest', 'python3', '-c', driver]
proc = subprocess.run(cmd, input='\n'.join(json.dumps(r) for r in reqs).encode() + b'\n', capture_output=True, timeout=3000)
outs = [json.loads(l)['out'] for l in proc.stdout.decode().splitlines()]
for tid, out in zip(ids, outs):
    try: plan = json.loads(out)
    except Exception: continue
    if plan.get('mode') != 'cases': continue
    pub = [c for c in plan['cases'] if not c.get('extended') and 'args' in c and c.get('reference_ok')]
    ext = [c for c in plan['cases'] if c.get('extended')]
    total_ext += len(ext)
    if not pub: continue
    n = len(pub[0]['args'])
    for c in ext:
        args = [tagged_to_py(a) for a in c['args']]
        for i in range(min(n, len(args))):
            shared = set.intersection(*[props(tagged_to_py(p['args'][i])) for p in pub if len(p['args']) > i])
            lost = shared - props(args[i])
            for prop in lost:
                broken[prop] += 1; tasks_hit.add(tid)
                if len(examples[prop]) < 4: examples[prop].append((tid, repr(args[i])[:60]))
print('tasks planned:', len(outs), 'extended inputs:', total_ext)
print('extended inputs breaking a property shared by all published inputs of that argument:', sum(broken.values()), 'in', len(tasks_hit), 'tasks')
for k, v in broken.most_common(): print(' ', k, v, examples[k])
