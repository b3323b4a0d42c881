"""Evaluation against gold annotations (`eligo eval`): loading, validation, scoring."""
