"""Published data (WHO GHO, FATF ratings, UN treaty status) read as proposed answers."""

from .importer import SOURCES, ImportReport, Plan, Scope, import_published, read_published

__all__ = ["SOURCES", "ImportReport", "Plan", "Scope", "import_published", "read_published"]
