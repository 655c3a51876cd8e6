"""Tests of reading member import files."""
