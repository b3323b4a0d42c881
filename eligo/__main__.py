"""`python -m eligo` runs the command-line interface."""

from eligo.cli import main

main()
