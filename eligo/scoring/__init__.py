"""Scoring extractions against gold annotations (`eligo eval`); named apart from rule evaluation
(`eligo.grammar.evaluate`), which runs rules on patients.

`loading` reads and checks gold and prediction files, `scoring` matches and
counts, `report` turns counts into figures, tables and baselines. Nothing here
imports spaCy: predictions are files, or come from the CLI's pipeline run.
"""
