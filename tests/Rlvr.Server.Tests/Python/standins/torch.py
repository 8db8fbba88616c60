"""A tiny stand-in for the part of torch the trainers' reward paths use, with torch's dtype rules.

torch.tensor infers bool for all-bool data, int64 (torch.long) for all-int data and float32 as soon as one
element is a float; mean() and std() on an integer tensor raise RuntimeError exactly as torch does
("mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long").
Arithmetic promotes int to float32 when either side is float. Only the shapes these tests need (1-D and 2-D).
"""
import math

long = "int64"
int64 = "int64"
float32 = "float32"
bool_ = "bool"
_NAMES = {"int64": "Long", "float32": "Float", "bool": "Bool"}


def _flatten(data):
    if isinstance(data, Tensor):
        return list(data.values), list(data.shape)
    if isinstance(data, (list, tuple)):
        if not data:
            return [], [0]
        parts = [_flatten(x) for x in data]
        shape = parts[0][1]
        if any(p[1] != shape for p in parts):
            raise ValueError("expected sequence of equal length")
        return [v for p in parts for v in p[0]], [len(data)] + shape
    if isinstance(data, (bool, int, float)):
        return [data], []
    raise TypeError(f"new(): invalid data type '{type(data).__name__}'")


def _infer(values):
    if all(isinstance(v, bool) for v in values) and values:
        return bool_
    if all(isinstance(v, int) for v in values):
        return int64
    return float32


class Tensor:
    def __init__(self, values, shape, dtype):
        self.values, self.shape, self.dtype = values, shape, dtype

    def _float_only(self, name):
        if self.dtype != float32:
            raise RuntimeError(f"{name}(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: {_NAMES[self.dtype]}")

    def reshape(self, *shape):
        shape = list(shape[0]) if len(shape) == 1 and isinstance(shape[0], (list, tuple)) else list(shape)
        if -1 in shape:
            known = 1
            for s in shape:
                if s != -1:
                    known *= s
            shape[shape.index(-1)] = len(self.values) // known
        return Tensor(list(self.values), shape, self.dtype)

    def _rows(self):
        if len(self.shape) != 2:
            raise NotImplementedError("stand-in reduces 2-D tensors only")
        r, c = self.shape
        return [self.values[i * c:(i + 1) * c] for i in range(r)]

    def mean(self, dim=None, keepdim=False):
        self._float_only("mean")
        if dim is None:
            return Tensor([sum(self.values) / len(self.values)], [], float32)
        rows = [sum(r) / len(r) for r in self._rows()]
        return Tensor(rows, [len(rows), 1] if keepdim else [len(rows)], float32)

    def std(self, dim=None, keepdim=False):
        self._float_only("std")

        def sd(xs):
            m = sum(xs) / len(xs)
            return math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1)) if len(xs) > 1 else float("nan")
        if dim is None:
            return Tensor([sd(self.values)], [], float32)
        rows = [sd(r) for r in self._rows()]
        return Tensor(rows, [len(rows), 1] if keepdim else [len(rows)], float32)

    def _binary(self, other, op):
        if not isinstance(other, Tensor):
            other = tensor(other)
        dtype = float32 if float32 in (self.dtype, other.dtype) else int64
        if self.shape == other.shape:
            vals = [op(a, b) for a, b in zip(self.values, other.values)]
            return Tensor(vals, list(self.shape), dtype)
        if other.shape == []:
            return Tensor([op(a, other.values[0]) for a in self.values], list(self.shape), dtype)
        if len(self.shape) == 2 and other.shape == [self.shape[0], 1]:
            c = self.shape[1]
            return Tensor([op(a, other.values[i // c]) for i, a in enumerate(self.values)], list(self.shape), dtype)
        raise NotImplementedError(f"broadcast {self.shape} with {other.shape}")

    def __sub__(self, other):
        return self._binary(other, lambda a, b: a - b)

    def __add__(self, other):
        return self._binary(other, lambda a, b: a + b)

    def __truediv__(self, other):
        result = self._binary(other, lambda a, b: a / b)
        result.dtype = float32
        return result

    def tolist(self):
        if len(self.shape) == 2:
            return self._rows()
        return list(self.values)

    def item(self):
        if len(self.values) != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return self.values[0]


def tensor(data, dtype=None):
    values, shape = _flatten(data)
    if dtype is None:
        dtype = _infer(values)
    if dtype == float32:
        values = [float(v) for v in values]
    return Tensor(values, shape, dtype)


def cat(tensors, dim=0):
    if dim != 0:
        raise NotImplementedError("stand-in concatenates along dim 0 only")
    dtypes = {t.dtype for t in tensors}
    dtype = float32 if float32 in dtypes else tensors[0].dtype
    values = [float(v) if dtype == float32 else v for t in tensors for v in t.values]
    return Tensor(values, [sum(t.shape[0] for t in tensors)] + tensors[0].shape[1:], dtype)
