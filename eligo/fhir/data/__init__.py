"""The FHIR mapping's data files (code systems, value maps; see README.md here), each validated by a
schema when loaded."""
