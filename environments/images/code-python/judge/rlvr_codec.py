"""Tagged serialisation of builtin Python values (the only values that leave a candidate process).

Format (JSON): None -> null, bool -> true/false, str -> string, list -> array,
int -> {"i": "<decimal>"}, float -> {"f": "<repr>"}, complex -> {"c": ["<re>", "<im>"]},
tuple -> {"t": [...]}, set -> {"s": [...]}, frozenset -> {"fs": [...]}, dict -> {"d": [[k, v], ...]},
collections.OrderedDict -> {"od": [[k, v], ...]} (two OrderedDicts compare in order), bytes -> {"b": "<base64>"}.
Exact types only: a subclass of a builtin (an int whose __eq__ lies) is refused, and so is every other type, except
collections.Counter and defaultdict, which travel as plain dicts (their equality with a dict is the dict's), and
OrderedDict.
"""
import base64 as _b64
import collections as _collections

_type = type
_len = len
_repr = float.__repr__
_int_str = int.__str__
_isinstance = isinstance
_NoneType = type(None)
_bool, _int, _float, _complex, _str, _bytes = bool, int, float, complex, str, bytes
_list, _tuple, _set, _frozenset, _dict = list, tuple, set, frozenset, dict
_enc = _b64.b64encode
# Standard-library dict subclasses whose equality with a dict is the dict's: encoded as plain dicts. Compared by
# identity with the classes captured here, before any candidate code runs; user subclasses are still refused.
_DICT_LIKE = (_collections.Counter, _collections.defaultdict)
_OrderedDict = _collections.OrderedDict
_dec = _b64.b64decode


class Refused(Exception):
    """The value is not a plain builtin value."""


MAX_DEPTH = 64
MAX_ITEMS = 2_000_000


def encode(value, _depth=0, _budget=None):
    if _budget is None:
        _budget = [MAX_ITEMS]
    _budget[0] -= 1
    if _budget[0] < 0:
        raise Refused("value too large")
    if _depth > MAX_DEPTH:
        raise Refused("value nested too deeply")
    t = _type(value)
    if value is None:
        return None
    if t is _bool:
        return True if value else False
    if t is _int:
        return {"i": _int_str(value)}
    if t is _float:
        return {"f": _repr(value)}
    if t is _str:
        return _str.__str__(value)
    if t is _list:
        return [encode(v, _depth + 1, _budget) for v in _list.__iter__(value)]
    if t is _tuple:
        return {"t": [encode(v, _depth + 1, _budget) for v in _tuple.__iter__(value)]}
    if t is _OrderedDict:
        return {"od": [[encode(k, _depth + 1, _budget), encode(v, _depth + 1, _budget)] for k, v in _dict.items(value)]}
    if t is _dict or t in _DICT_LIKE:
        return {"d": [[encode(k, _depth + 1, _budget), encode(v, _depth + 1, _budget)] for k, v in _dict.items(value)]}
    if t is _set:
        return {"s": [encode(v, _depth + 1, _budget) for v in _set.__iter__(value)]}
    if t is _frozenset:
        return {"fs": [encode(v, _depth + 1, _budget) for v in _frozenset.__iter__(value)]}
    if t is _bytes:
        return {"b": _enc(value).decode("ascii")}
    if t is _complex:
        return {"c": [_repr(value.real), _repr(value.imag)]}
    raise Refused("refused type " + _str(getattr(t, "__qualname__", "?")))


def decode(data):
    if data is None or data is True or data is False:
        return data
    if _type(data) is _str:
        return data
    if _type(data) is _list:
        return [decode(v) for v in data]
    if _type(data) is _dict and _len(data) == 1:
        (tag, v), = data.items()
        if tag == "i":
            return _int(v)
        if tag == "f":
            return _float(v)
        if tag == "t":
            return _tuple(decode(x) for x in v)
        if tag == "s":
            return _set(decode(x) for x in v)
        if tag == "fs":
            return _frozenset(decode(x) for x in v)
        if tag == "d":
            return {decode(k): decode(x) for k, x in v}
        if tag == "od":
            return _OrderedDict((decode(k), decode(x)) for k, x in v)
        if tag == "b":
            return _dec(v)
        if tag == "c":
            return _complex(_float(v[0]), _float(v[1]))
    raise ValueError("not a tagged value")


def validate(data, _depth=0):
    """Checks the shape of an encoded value without building it (used by the parent on a child's bytes)."""
    if _depth > MAX_DEPTH + 2:
        raise ValueError("too deep")
    if data is None or data is True or data is False or _type(data) is _str:
        return
    if _type(data) is _list:
        for v in data:
            validate(v, _depth + 1)
        return
    if _type(data) is _dict and _len(data) == 1:
        (tag, v), = data.items()
        if tag in ("i", "f", "b") and _type(v) is _str:
            return
        if tag in ("t", "s", "fs") and _type(v) is _list:
            for x in v:
                validate(x, _depth + 1)
            return
        if tag == "c" and _type(v) is _list and _len(v) == 2 and all(_type(x) is _str for x in v):
            return
        if tag in ("d", "od") and _type(v) is _list:
            for pair in v:
                if _type(pair) is not _list or _len(pair) != 2:
                    raise ValueError("bad dict entry")
                validate(pair[0], _depth + 1)
                validate(pair[1], _depth + 1)
            return
    raise ValueError("not a tagged value")


try:
    import sys as _sys
    _sys.set_int_max_str_digits(0)  # integers of any size travel exactly
except (AttributeError, ValueError):
    pass
