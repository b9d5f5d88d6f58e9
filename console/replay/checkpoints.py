"""Cheap copies of a reducer state: the mutable part pickled, reference data shared.

Slotted dataclasses (incidents, their timelines, orders …) are pickled as a call of the class with
their field values: the ``__setstate__`` that ``dataclass(slots=True)`` generates looks the fields
up again for every object, which made thawing a day's state (~30,000 objects) take ~350 ms.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import operator
import pickle
from collections.abc import Callable

from console.domain.state import State

# Derived from reference data only and never changed by the reducer, so every copy can share them.
SHARED = ("district", "workers", "rules", "address_index", "officers_of_grid", "grid_workers")
_OWN = tuple(f.name for f in dataclasses.fields(State) if f.name not in SHARED)


@functools.cache
def _positional(cls: type) -> tuple[str, ...] | None:
    """Field names of a slotted dataclass whose ``__init__`` takes exactly them, in order; else None."""
    if not (dataclasses.is_dataclass(cls) and "__slots__" in cls.__dict__) or hasattr(cls, "__post_init__"):
        return None
    fields = dataclasses.fields(cls)
    if any(not f.init or f.kw_only for f in fields):
        return None
    return tuple(f.name for f in fields)


@functools.cache
def _fields_of(cls: type) -> Callable[[object], tuple] | None:
    """The field values of a :func:`_positional` class's instance as one tuple (one C call), or None."""
    names = _positional(cls)
    if names is None:
        return None
    if len(names) == 1:
        return lambda obj: (getattr(obj, names[0]),)
    return operator.attrgetter(*names)


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj):
        cls = type(obj)
        values = _fields_of(cls)
        if values is None:
            return NotImplemented
        return cls, values(obj)  # unpickled by the generated __init__


def freeze(state: State) -> bytes:
    """The state's own (mutable) fields as one pickle."""
    buf = io.BytesIO()
    _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump({name: getattr(state, name) for name in _OWN})
    return buf.getvalue()


def thaw(frozen: bytes, reference: State) -> State:
    """A new, independent :class:`State` from :func:`freeze` output, sharing ``reference``'s fixed data."""
    state = State.__new__(State)
    for name in SHARED:
        setattr(state, name, getattr(reference, name))
    for name, value in pickle.loads(frozen).items():
        setattr(state, name, value)
    return state
