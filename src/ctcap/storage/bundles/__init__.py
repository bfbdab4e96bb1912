"""Offline bundles: one assessment as a self-describing, checksummed JSON file.

``format`` reads (with every check against hostile input) and writes the file;
``merge`` exports an assessment and imports a bundle by comparing audit chains.
"""

from .format import MAX_BUNDLE_BYTES, Bundle, parse_bundle, read_bundle, write_bundle
from .merge import Conflict, ImportResult, export_bundle, import_bundle

__all__ = [
    "MAX_BUNDLE_BYTES",
    "Bundle",
    "Conflict",
    "ImportResult",
    "export_bundle",
    "import_bundle",
    "parse_bundle",
    "read_bundle",
    "write_bundle",
]
