"""Data files of the rule evaluator, loaded through importlib.resources."""
