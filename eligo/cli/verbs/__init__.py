"""The verbs of `eligo`, one module each; importing this package registers them."""

from eligo.cli.verbs import check, compile, evaluate, extract, schema, screen  # noqa: F401
