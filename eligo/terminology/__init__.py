"""The terminology layer: concepts with standard codes, their hierarchy, and linking text to
them."""
