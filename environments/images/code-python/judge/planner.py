"""Test planner: turns a task's asserts into test cases. Runs trusted task code only (reference solution and
test code), never candidate code, in its own sandbox execution.

Request: {"reference": str, "tests": str, "style": "check" | "module", "entry_point": str, "seed": int,
          "extended": int}
Output (one JSON object): {"mode": "cases" | "check", "cases": [...], "calls": [...], "reference_passed": bool,
                           "wrong": [...], "error"?: str}
A case is {"source", "args", "kind": "eq" | "is" | "truthy" | "falsy" | "close", "expected"?, "rel"?, "abs"?,
"strict"?, "extended"?: bool, "reference_ok": bool}.
"""
import ast
import copy
import difflib
import json
import os
import random
import signal
import string
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rlvr_codec  # noqa: E402

sys.setrecursionlimit(10000)


class _Alarm(BaseException):
    pass


def _on_alarm(signum, frame):
    raise _Alarm()


signal.signal(signal.SIGALRM, _on_alarm)
signal.signal(signal.SIGPROF, _on_alarm)

# A reference's limits are CPU time (ITIMER_PROF), so a loaded machine does not turn a slow-but-right reference
# into a "wrong" published test or a discarded generated one (the plan must not depend on the machine's load);
# the wall clock is only a backstop for a reference that sleeps or blocks.
WALL_BACKSTOP = 3


def limited(seconds, fn, *args):
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, seconds * WALL_BACKSTOP)
    try:
        return fn(*args)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)


class NotSimple(Exception):
    pass


def _mentions(node, name):
    return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node))


def _cand_call(node, name):
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name:
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise NotSimple()
        if any(_mentions(a, name) for a in node.args):
            raise NotSimple()
        return node
    return None


def _free(node, name):
    if _mentions(node, name):
        raise NotSimple()
    return node


def classify(test, name):
    """Returns (call, kind, extra) for a simple assert test expression, or raises NotSimple."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        op = test.ops[0]
        left, right = test.left, test.comparators[0]
        if isinstance(op, (ast.Eq, ast.Is)):
            call = _cand_call(left, name)
            other = right
            if call is None:
                call = _cand_call(right, name)
                other = left
            if call is None:
                raise NotSimple()
            _free(other, name)
            if isinstance(op, ast.Is):
                if not (isinstance(other, ast.Constant) and other.value in (True, False, None)):
                    raise NotSimple()
                return call, "is", {"expected": other}
            return call, "eq", {"expected": other}
        if isinstance(op, (ast.Lt, ast.LtE)):
            # abs(candidate(...) - e) < t
            if isinstance(left, ast.Call) and isinstance(left.func, ast.Name) and left.func.id == "abs" \
                    and len(left.args) == 1 and isinstance(left.args[0], ast.BinOp) \
                    and isinstance(left.args[0].op, ast.Sub):
                a, b = left.args[0].left, left.args[0].right
                call = _cand_call(a, name)
                other = b
                if call is None:
                    call = _cand_call(b, name)
                    other = a
                if call is None:
                    raise NotSimple()
                _free(other, name)
                _free(right, name)
                return call, "close", {"expected": other, "abs": right, "strict": isinstance(op, ast.Lt)}
        raise NotSimple()
    if isinstance(test, ast.Call) and isinstance(test.func, ast.Attribute) and test.func.attr == "isclose" \
            and isinstance(test.func.value, ast.Name) and test.func.value.id == "math" and len(test.args) == 2:
        call = _cand_call(test.args[0], name)
        other = test.args[1]
        if call is None:
            call = _cand_call(test.args[1], name)
            other = test.args[0]
        if call is None:
            raise NotSimple()
        _free(other, name)
        extra = {"expected": other}
        for kw in test.keywords:
            if kw.arg not in ("rel_tol", "abs_tol"):
                raise NotSimple()
            extra["rel" if kw.arg == "rel_tol" else "abs"] = _free(kw.value, name)
        # math.isclose's default; located, or compiling it alone fails ("required field lineno missing").
        extra.setdefault("rel", ast.copy_location(ast.Constant(1e-9), test))
        return call, "close", extra
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        call = _cand_call(test.operand, name)
        if call is not None:
            return call, "falsy", {}
        raise NotSimple()
    call = _cand_call(test, name)
    if call is not None:
        return call, "truthy", {}
    raise NotSimple()


def _ev(node, ns):
    return eval(compile(ast.Expression(body=node), "<test>", "eval"), ns)


def _skippable(stmt):
    if isinstance(stmt, ast.Pass):
        return True
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
        return True
    if isinstance(stmt, ast.Assert) and isinstance(stmt.test, ast.Constant) and stmt.test.value is True:
        return True
    return False


def simple_cases(body, name, ns, source):
    cases = []
    for stmt in body:
        if _skippable(stmt):
            continue
        if not isinstance(stmt, ast.Assert):
            raise NotSimple()
        call, kind, extra = classify(stmt.test, name)
        args = [_ev(a, ns) for a in call.args]
        case = {"source": ast.get_source_segment(source, stmt) or ast.unparse(stmt), "kind": kind,
                "_stmt": stmt, "_args": args}
        try:
            case["args"] = rlvr_codec.encode(args)
        except rlvr_codec.Refused:
            # Arguments that are not builtin values (tree nodes from setup code, a class the solution defines) travel
            # as their source and are evaluated in the candidate's process after the task's setup code.
            case["args_src"] = [ast.unparse(a) for a in call.args]
        if kind in ("eq", "is", "close"):
            case["expected"] = rlvr_codec.encode(_ev(extra["expected"], ns))
        if kind == "close":
            for key in ("rel", "abs"):
                if key in extra:
                    value = _ev(extra[key], ns)
                    if type(value) not in (int, float):
                        raise NotSimple()
                    case[key] = float(value)
            case["strict"] = bool(extra.get("strict", False))
        cases.append(case)
    return cases


def reference_ok(stmt, name, ns, ref):
    """Runs the published assert against the reference; returns (passed, milliseconds)."""
    local = dict(ns)
    local[name] = ref
    start = time.monotonic()
    try:
        limited(20, exec, compile(ast.Module(body=[stmt], type_ignores=[]), "<test>", "exec"), local)
        return True, int((time.monotonic() - start) * 1000)
    except BaseException:
        return False, int((time.monotonic() - start) * 1000)


def mutate(value, rng, depth=0):
    t = type(value)
    if t is bool:
        return not value
    if t is int:
        delta = rng.choice([-3, -2, -1, 1, 2, 3])
        result = value + delta
        return abs(result) if value >= 0 else result
    if t is float:
        return value + rng.choice([-1.0, 1.0]) * rng.choice([0.1, 0.5, 1.0, 2.5])
    if t is str:
        if not value:
            return value
        words = value.split(" ")
        if len(words) > 1 and rng.randrange(2) == 0:
            # Sentences and lists of words ("three one five"): shuffle, drop or repeat whole words, which keeps
            # each word valid where a character edit would not.
            op = rng.randrange(3)
            if op == 0:
                rng.shuffle(words)
            elif op == 1:
                del words[rng.randrange(len(words))]
            else:
                words.insert(rng.randrange(len(words) + 1), words[rng.randrange(len(words))])
            return " ".join(words)
        if len(value) == 1:
            # One character: another of the same class (a letter for a letter, a digit for a digit).
            pool = string.ascii_letters if value.isalpha() else string.digits if value.isdigit() else string.punctuation
            return rng.choice(pool)
        chars = list(value)
        op = rng.randrange(4)
        i = rng.randrange(len(chars))
        if op == 0 and len(chars) > 1:
            j = rng.randrange(len(chars))
            chars[i], chars[j] = chars[j], chars[i]
        elif op == 1 and len(chars) > 1:
            del chars[i]
        elif op == 2:
            chars.insert(i, chars[rng.randrange(len(chars))])
        else:
            chars[i] = chars[rng.randrange(len(chars))]
        return "".join(chars)
    if t in (list, tuple):
        items = list(value)
        if not items:
            return value
        op = rng.randrange(4)
        if op == 0:
            rng.shuffle(items)
        elif op == 1 and len(items) > 1:
            del items[rng.randrange(len(items))]
        elif op == 2:
            items.insert(rng.randrange(len(items) + 1), copy.deepcopy(items[rng.randrange(len(items))]))
        elif depth < 4:
            i = rng.randrange(len(items))
            items[i] = mutate(items[i], rng, depth + 1)
        return items if t is list else tuple(items)
    if t in (set, frozenset):
        # Sets were never mutated before, so set arguments gave no extended tests at all.
        items = list(value)
        op = rng.randrange(3)
        if op == 0 and items:
            items.pop(rng.randrange(len(items)))
        elif op == 1 and items and depth < 4:
            i = rng.randrange(len(items))
            items[i] = mutate(items[i], rng, depth + 1)
        elif items:
            items.append(mutate(items[rng.randrange(len(items))], rng, depth + 1))
        try:
            return t(items)
        except TypeError:
            return value
    if t is dict and value and depth < 4:
        result = dict(value)
        key = rng.choice(list(result))
        result[key] = mutate(result[key], rng, depth + 1)
        return result
    return value


def shape(value):
    """Properties of one argument that a task's preconditions often state ("a sorted list", "distinct
    elements", "a positive integer", "a non-empty string of digits", "an interval (start, end)", "an N x N
    grid", "a string of balanced parentheses")."""
    found = set()
    t = type(value)
    if t is int:
        if value >= 1:
            found.add("int>=1")
        if value >= 0:
            found.add("int>=0")
    elif t is float:
        # "a positive floating point number" (HumanEval/2): a negative float is outside the task.
        if value > 0:
            found.add("float>0")
        if value >= 0:
            found.add("float>=0")
    elif t is str:
        if value:
            found.add("nonempty")
            if value.isdigit():
                found.add("digits")
                if len(value) == 1 or value[0] != "0":
                    found.add("no-leading-zero")
            if value.isalpha():
                found.add("letters")
            if _balanced(value):
                found.add("balanced brackets")
    elif t in (list, tuple):
        if t is tuple:
            # A tuple is a record (an interval, a point): its size is part of its type.
            found.add("tuple of %d" % len(value))
        if value:
            found.add("nonempty")
            if all(type(x) is int and x >= 1 for x in value):
                found.add("ints>=1")
            if all(type(x) is int and x >= 0 for x in value):
                found.add("ints>=0")
            if all(type(x) in (int, float) and x > 0 for x in value):
                found.add("numbers>0")
            if all(type(x) in (int, float) and x >= 0 for x in value):
                found.add("numbers>=0")
            rows = [len(x) for x in value if type(x) in (list, tuple)]
            if len(rows) == len(value) and rows[0] > 0 and len(set(rows)) == 1:
                found.add("rectangular")
                if rows[0] == len(value):
                    found.add("square")
        if len(value) > 1:
            try:
                if all(a <= b for a, b in zip(value, value[1:])):
                    found.add("ascending")
                if all(a >= b for a, b in zip(value, value[1:])):
                    found.add("descending")
            except TypeError:
                pass
            try:
                if len({json.dumps(rlvr_codec.encode(x), sort_keys=True) for x in value}) == len(value):
                    found.add("distinct")
            except BaseException:
                pass
    return found


def _balanced(text):
    """A string made only of brackets (and spaces), every one closed in order: "(()())", "[{}]"."""
    pairs = {")": "(", "]": "[", "}": "{", ">": "<"}
    if not any(c in "()[]{}<>" for c in text) or any(c not in "()[]{}<> " for c in text):
        return False
    stack = []
    for c in text:
        if c in "([{<":
            stack.append(c)
        elif c in pairs:
            if not stack or stack.pop() != pairs[c]:
                return False
    return not stack


def domains(eq_cases):
    """For each argument position, the properties every published input there shares. Generated inputs keep
    them: a precondition the task states but the reference does not check must not fail a correct solution
    (one that assumes a sorted list, say) on an input the task never allows."""
    width = min(len(c["_args"]) for c in eq_cases)
    return [set.intersection(*[shape(c["_args"][i]) for c in eq_cases]) for i in range(width)]


def _key(case):
    return json.dumps(case["args"] if "args" in case else case["args_src"], sort_keys=True)


def nearest_published(key, published):
    """The published case whose arguments look most like key (JSON text of tagged arguments or of argument source):
    what a program that memorised the published asserts would answer with."""
    best, best_ratio = None, -1.0
    for case in published:
        ratio = difflib.SequenceMatcher(None, key[:500], _key(case)[:500], autojunk=False).ratio()
        if ratio > best_ratio:
            best, best_ratio = case, ratio
    return best


def published_answer(case):
    """The value a memoriser would return for a published case: its expected value, or True/False for a
    truthiness assert."""
    if "expected" in case:
        return json.dumps(case["expected"], sort_keys=True)
    return json.dumps(case["kind"] == "truthy")


def mutate_source(src, rng):
    """A source-expression argument (tree fixtures, objects of a class the solution defines) with one numeric
    literal changed, keeping its sign; None when it has no literal to change."""
    try:
        tree = ast.parse(src, mode="eval")
    except SyntaxError:
        return None
    literals = [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and type(n.value) in (int, float)]
    if not literals:
        return None
    node = rng.choice(literals)
    node.value = mutate(node.value, rng)
    return ast.unparse(tree)


def extended_cases(cases, ref, count, seed, ns=None):
    """Generated inputs with expected values from the reference. A generated test whose expected value equals the
    answer of the nearest published input is discarded (a program that answers every call with its nearest
    published answer must not pass), and the search goes on."""
    rng = random.Random(seed)
    seen = {_key(c) for c in cases if "args" in c or "args_src" in c}
    eq_cases = [c for c in cases if c.get("reference_ok") and ("args" in c or "args_src" in c)]
    published = [c for c in eq_cases if "expected" in c or c["kind"] in ("truthy", "falsy")]
    result = []
    if not eq_cases or count <= 0:
        return result
    keep = domains([c for c in eq_cases if "args" in c] or eq_cases)
    attempts = 0
    # Discarding memorisable tests means more attempts; a slow reference must still plan well within its timeout.
    # CPU seconds, like the limits above, with a wall-clock backstop inside the host's 120 s planning timeout.
    cpu_stop, wall_stop = time.process_time() + 30, time.monotonic() + 75
    while (len(result) < count and attempts < count * 40
           and time.process_time() < cpu_stop and time.monotonic() < wall_stop):
        attempts += 1
        base = rng.choice(eq_cases)
        if "args_src" in base:
            srcs = list(base["args_src"])
            if not srcs or ns is None:
                continue
            i = rng.randrange(len(srcs))
            changed = mutate_source(srcs[i], rng)
            if changed is None:
                continue
            srcs[i] = changed
            try:
                args = [limited(2, eval, compile(src, "<args>", "eval"), ns) for src in srcs]
            except BaseException:
                continue
            case = {"args_src": srcs}
        else:
            args = copy.deepcopy(base["_args"])
            if not args:
                break
            i = rng.randrange(len(args))
            args[i] = mutate(args[i], rng)
            if i < len(keep) and not keep[i] <= shape(args[i]):
                continue
            try:
                case = {"args": rlvr_codec.encode(args)}
            except rlvr_codec.Refused:
                continue
        key = _key(case)
        if key in seen:
            continue
        seen.add(key)
        try:
            first = rlvr_codec.encode(limited(2, ref, *copy.deepcopy(args)))
            second = rlvr_codec.encode(limited(2, ref, *copy.deepcopy(args)))
        except BaseException:
            continue
        if json.dumps(first, sort_keys=True) != json.dumps(second, sort_keys=True):
            continue
        near = nearest_published(key, published)
        if near is not None and published_answer(near) == json.dumps(first, sort_keys=True):
            continue
        case.update({"source": "extended from: " + base["source"][:200], "kind": "eq",
                     "expected": first, "extended": True, "reference_ok": True})
        if base["kind"] == "close":
            # The published check allows a tolerance here, so the generated one does too.
            case.update(kind="close", strict=base.get("strict", False))
            for k in ("rel", "abs"):
                if k in base:
                    case[k] = base[k]
        result.append(case)
    return result


def record_calls(run_check, ref):
    calls = {}
    order = []

    def stub(*args, **kwargs):
        if kwargs:
            raise NotSimple()
        key = json.dumps(rlvr_codec.encode(list(args)), sort_keys=True)
        if key not in calls:
            calls[key] = rlvr_codec.encode(list(args))
            order.append(key)
        return ref(*copy.deepcopy(args))

    passed = True
    error = None
    try:
        limited(60, run_check, stub)
    except NotSimple:
        raise
    except BaseException as exc:
        passed = False
        error = type(exc).__name__ + ": " + str(exc)[:300]
    return [calls[k] for k in order], passed, error


def main():
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    reference = request["reference"]
    source = request["tests"]
    style = request["style"]
    entry = request["entry_point"]
    seed = int(request.get("seed", 0))
    extended = int(request.get("extended", 0))
    ns = {"__name__": "__main__"}
    exec(compile(reference, "reference.py", "exec"), ns)
    ref = ns.get(entry)
    if not callable(ref):
        print(json.dumps({"error": "reference does not define %r" % entry}))
        return
    tree = ast.parse(source)
    if style == "check":
        exec(compile(source, "tests.py", "exec"), ns)
        check = next((s for s in tree.body if isinstance(s, ast.FunctionDef) and s.name == "check"), None)
        if check is None or len(check.args.args) != 1:
            print(json.dumps({"error": "test code defines no check(candidate)"}))
            return
        name = check.args.args[0].arg
        body = check.body
    else:
        name = entry
        body = tree.body
    output = {"mode": "cases", "cases": [], "calls": [], "wrong": []}
    try:
        cases = simple_cases(body, name, ns, source)
        for case in cases:
            case["reference_ok"], case["ref_ms"] = reference_ok(case["_stmt"], name, ns, ref)
            if not case["reference_ok"]:
                output["wrong"].append(case["source"])
        cases += extended_cases(cases, ref, extended, seed, ns)
        for case in cases:
            case.pop("_stmt", None)
            case.pop("_args", None)
        output["cases"] = cases
        output["reference_passed"] = not output["wrong"]
    except (NotSimple, rlvr_codec.Refused, SyntaxError):
        output["mode"] = "check"

        def run_check(stub):
            random.seed(seed)
            if style == "check":
                ns["check"](stub)
            else:
                local = dict(ns)
                local[entry] = stub
                exec(compile(source, "tests.py", "exec"), local)

        try:
            calls, passed, error = record_calls(run_check, ref)
        except NotSimple:
            print(json.dumps({"error": "check code calls the candidate with keyword arguments"}))
            return
        output["calls"] = calls
        output["reference_passed"] = passed
        if error:
            output["reference_error"] = error
    sys.stdout.write(json.dumps(output))


if __name__ == "__main__":
    main()
