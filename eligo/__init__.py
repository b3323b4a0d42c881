"""Eligo: compile clinical-trial protocol text into typed, executable eligibility rules."""

__version__ = "0.1.0"
