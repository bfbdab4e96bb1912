"""Offline bundles: one assessment as a self-describing, checksummed JSON file.

``format`` reads (with every check against hostile input) and writes the file;
``merge`` exports an assessment and imports a bundle by comparing audit chains;
``conflicts`` lists the items an import left for someone here to decide, and keeps ours.
"""

from .conflicts import Conflict, keep_ours, open_conflicts
from .format import MAX_BUNDLE_BYTES, Bundle, parse_bundle, read_bundle, write_bundle
from .log import ImportRecord, import_log
from .merge import ImportResult, export_bundle, import_bundle

__all__ = [
    "MAX_BUNDLE_BYTES",
    "Bundle",
    "Conflict",
    "ImportRecord",
    "ImportResult",
    "export_bundle",
    "import_bundle",
    "import_log",
    "keep_ours",
    "open_conflicts",
    "parse_bundle",
    "read_bundle",
    "write_bundle",
]
