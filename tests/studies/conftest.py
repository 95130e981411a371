"""Fixtures the studies tests share with the demand-history tests (they read the same small CSVs)."""

from ..history.conftest import csv_file

__all__ = ["csv_file"]
