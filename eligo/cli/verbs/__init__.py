"""The verbs of `eligo`, one module each; importing this package registers them."""

from eligo.cli.verbs import check, compile, extract, report, schema, score, screen, sql, synth  # noqa: F401
