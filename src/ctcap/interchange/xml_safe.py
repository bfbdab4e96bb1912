"""Reading XML from outside without obeying it: no DTD, no entities, no network.

A document type declaration is refused before parsing (that is where entity bombs and
external entities live, and IATI files have none); lxml then parses with entity
resolution, DTD loading and network access off, within a size limit.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ctcap.errors import InputFileError, Problem

MAX_XML_BYTES = 50 * 1024 * 1024


def _fail(file: str, line: int | None, message: str) -> InputFileError:
    return InputFileError([Problem(file, line, None, "", message)])


def read_xml(path: Path, display: str | None = None) -> etree._Element:
    """The root element of ``path``, or ``InputFileError`` naming the file and line."""
    file = display or str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_XML_BYTES + 1)
    except OSError as exc:
        raise _fail(file, None, f"cannot read: {exc.strerror or exc}") from None
    return parse_xml(raw, file)


def parse_xml(raw: bytes, file: str) -> etree._Element:
    if len(raw) > MAX_XML_BYTES:
        raise _fail(file, None, f"larger than {MAX_XML_BYTES // (1024 * 1024)} MB")
    if not raw.strip():
        raise _fail(file, None, "empty file, not XML")
    if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
        line = raw[: max(raw.find(b"<!DOCTYPE"), raw.find(b"<!ENTITY"))].count(b"\n") + 1
        raise _fail(file, line, "a document type declaration (DTD) is not accepted")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
        remove_comments=True,
    )
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        where: int | None = exc.lineno or None
        message = str(exc.msg or exc).split(", line ")[0]
        raise _fail(file, where, f"not well-formed XML: {message}") from None
    if root is None:
        raise _fail(file, None, "not XML")
    return root
