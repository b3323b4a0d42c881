"""Evaluation against gold annotations (`eligo eval`).

`loading` reads and checks gold and prediction files, `scoring` matches and
counts, `report` turns counts into figures, tables and baselines. Nothing here
imports spaCy: predictions are files, or come from the CLI's pipeline run.
"""
