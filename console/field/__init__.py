"""Field simulation models: a deterministic demo district, walkers on its streets, and incident reports.

Pure code (no I/O, no asyncio); the field simulator drives these.
"""

from console.field.district import DemoDistrict, generate_district
from console.field.reports import ReportGenerator, ReportSchedule
from console.field.walker import StreetLattice, Walker

__all__ = [
    "DemoDistrict", "ReportGenerator", "ReportSchedule", "StreetLattice", "Walker", "generate_district",
]
