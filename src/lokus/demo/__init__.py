"""The synthetic Lampung Barat district, end to end: generate, ingest, rank."""

from lokus.demo._generate import DemoDistrict, generate, with_field_errors
from lokus.demo._run import DemoResult, run_demo

__all__ = ["DemoDistrict", "DemoResult", "generate", "run_demo", "with_field_errors"]
