"""Pausing the cyclic garbage collector while one large, mostly acyclic structure is built.

A protocol's facts and rules, or a parsed rules file and its diagnostics, are
many small objects with few cycles. While they grow, every full collection
walks the whole heap again, so the collector's time grows faster than the
input: a third of `eligo check`'s time, an eighth of a 1 MB protocol's
compile. What such a build leaves in cycles is collected after it, in one pass.
The command line (`eligo.cli`) and the library (`eligo.api`) share this one
switch.

A command line that compiles or extracts also starts without the collector
(`pause_start_up`): its imports, tables and pipeline (some 100,000 objects,
built mostly while the first protocol is read) live until the process ends, yet
the first collection after them walked them all (a twentieth of a cold start).
Once the first protocol is done, `start_up_done` moves everything alive then
out of the collector's sight for good (`gc.freeze`) and turns it back on, so
each later collection walks only what came after. A library user's collector is
never frozen.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def acyclic() -> Iterator[None]:
    """The collector off for the block (when it was on), then on again; nesting is harmless."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_start_up_paused = False


def pause_start_up() -> None:
    """No collection until `start_up_done` (a command line's imports and first protocol)."""
    global _start_up_paused
    if gc.isenabled():
        gc.disable()
        _start_up_paused = True


def start_up_done() -> None:
    """What the start-up built kept out of every later collection, and the collector on again (once;
    nothing when `pause_start_up` did not pause it)."""
    global _start_up_paused
    if _start_up_paused:
        _start_up_paused = False
        gc.freeze()
        gc.enable()
