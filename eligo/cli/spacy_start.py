"""Importing spaCy for the command line without spaCy's own command line.

`import spacy` runs `from .cli.info import info`, which imports every command of
spaCy's CLI (download, train, init config, debug ...) and with them weasel,
requests, httpx and their schemas: a fifth of `eligo compile`'s cold start, for
a function Eligo never calls. The command line installs `import_spacy_lean`
before it runs a verb: when (and only if) the verb first imports spaCy, stand-ins
for `spacy.cli` and `spacy.cli.info` serve spaCy's package while it initialises
and are taken out of `sys.modules` after it; `spacy.info` is then a shim that
imports the real one when called, and any later `import spacy.cli` imports the
real package. Importing `eligo` as a library leaves spaCy alone.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from types import ModuleType
from typing import Any

_STAND_INS = ("spacy.cli", "spacy.cli.info")


def info(*args: Any, **kwargs: Any) -> Any:
    """spaCy's `spacy.info`, imported when called."""
    from spacy.cli.info import info as real

    return real(*args, **kwargs)


class _Loader(importlib.abc.Loader):
    """spaCy's own loader, run with the stand-ins in place."""

    def __init__(self, loader: Any):
        self.loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        package = ModuleType("spacy.cli")
        package.__path__ = []
        stand_in = ModuleType("spacy.cli.info")
        stand_in.info = info  # type: ignore[attr-defined]
        sys.modules.update({"spacy.cli": package, "spacy.cli.info": stand_in})
        try:
            self.loader.exec_module(module)
        finally:
            for name, made in zip(_STAND_INS, (package, stand_in)):
                if sys.modules.get(name) is made:
                    del sys.modules[name]


class _Finder(importlib.abc.MetaPathFinder):
    """Finds spaCy as usual, once, and gives it `_Loader`."""

    def find_spec(
        self, fullname: str, path: Any = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != "spacy":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


def import_spacy_lean() -> None:
    """Make the process's first `import spacy` leave out spaCy's command line."""
    if "spacy" not in sys.modules and not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
