"""Offline bundles: one assessment as a self-describing, checksummed, signed JSON file.

``format`` reads (with every check against hostile input) and writes the file;
``history`` checks its audit chain as a history ctcap could have written;
``signing`` holds this user's key and the keys a database trusts; ``export`` writes a
signed bundle an import would accept; ``admission`` decides whether an import lets a
bundle in (its signer, and whether it agrees with this database); ``merge`` imports it by
comparing audit chains; ``conflicts`` lists the items an import left for someone here to
decide, and keeps ours; ``log`` is the import log.
"""

from .admission import Admission
from .conflicts import Conflict, keep_ours, open_conflicts
from .export import export_bundle
from .format import MAX_BUNDLE_BYTES, Bundle, parse_bundle, read_bundle, write_bundle
from .log import ImportRecord, import_log
from .merge import ImportResult, import_bundle

__all__ = [
    "MAX_BUNDLE_BYTES",
    "Admission",
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
