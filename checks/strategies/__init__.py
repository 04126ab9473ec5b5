"""Hypothesis strategies for the objects of the field, one module per subject."""
