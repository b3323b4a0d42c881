"""Data files of the OMOP bridge (vocabulary names)."""
