"""Whether this database takes a checked bundle at all: who signed it, and whether what it
says agrees with what is here.

Signatures: a bundle signed by a key this database trusts (or by this user's own key) is
verified; a signature that does not verify is always refused. An unsigned bundle, or one
signed by a key nobody here trusts, is refused unless the import says ``allow_unsigned``;
the import log records that it was let in, and its events are recorded as "unsigned".

Agreement with this database: a bundle for an assessment that is here (same uid) must
share its create event, country and checklist; a bundle for a new one must not bring a
checklist snapshot whose id and version name other content stored here, nor give a
fictional country here another name.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ctcap.errors import CtcapError

from ..models import AnswerEventRow, AssessmentRow, ChecklistVersionRow, CountryRow
from .format import Bundle
from .signing import trusted_key, verify

UNSIGNED = "unsigned"


@dataclass(frozen=True)
class Admission:
    """How a bundle was let in: ``signature`` is "verified", "unsigned" or "unknown key"."""

    signature: str
    key_id: str | None
    name: str | None

    def event_signer(self, named: str | None) -> str:
        """Who vouches for one of the bundle's events, as this database records it."""
        if self.signature != "verified" or self.key_id is None:
            return UNSIGNED
        return named or self.key_id

    def describe(self) -> str:
        if self.signature == "verified":
            return f"signed by {self.name} (key {self.key_id})"
        if self.signature == "unknown key":
            return f"signed by an unknown key {self.key_id}, let in by --allow-unsigned"
        return "UNSIGNED, let in by --allow-unsigned"


def admit(session: Session, bundle: Bundle, *, allow_unsigned: bool) -> Admission:
    """Check the bundle's signature against the keys this database trusts."""
    signature = bundle.signature
    if signature is None:
        if not allow_unsigned:
            raise CtcapError(
                f"{bundle.name}: unsigned bundle: refused (sign bundles with `ctcap keys new` "
                "before exporting; --allow-unsigned takes it anyway, and says so in the log)"
            )
        return Admission(UNSIGNED, None, None)
    key = trusted_key(session, signature.key)
    if key is None:
        if not allow_unsigned:
            raise CtcapError(
                f"{bundle.name}: signed by key {signature.key}, which this database does not "
                "trust: refused (`ctcap keys trust FILE --name NAME` first, or --allow-unsigned)"
            )
        return Admission("unknown key", signature.key, None)
    if not verify(key.public, bundle.sha256, signature.value):
        raise CtcapError(
            f"{bundle.name}: the signature of {key.name} (key {key.key_id}) does not match "
            "the content: changed after signing, or forged; refused"
        )
    return Admission("verified", key.key_id, key.name)


def check_same_assessment(session: Session, bundle: Bundle, row: AssessmentRow) -> None:
    """A bundle with this assessment's uid must be of the same assessment: root, country,
    checklist."""
    content = bundle.content
    version = session.get(ChecklistVersionRow, row.checklist_version_id)
    if version is None or version.content_hash != content.checklist.content_hash:
        raise CtcapError(
            f"assessment {row.id} has this bundle's uid but another checklist version: refused"
        )
    root = session.scalar(
        select(AnswerEventRow.hash).where(
            AnswerEventRow.assessment_id == row.id, AnswerEventRow.seq == 1
        )
    )
    if root != content.events[0].hash:
        raise CtcapError(
            f"assessment {row.id} has this bundle's uid but another create event "
            "(a different assessment under a copied uid): refused"
        )
    if row.country_code != content.country.code:
        raise CtcapError(
            f"assessment {row.id} has this bundle's uid but is of {row.country_code}, "
            f"not {content.country.code}: refused"
        )


def check_new_here(session: Session, bundle: Bundle) -> None:
    """A new assessment's checklist and country must not contradict what is stored here."""
    part, country = bundle.content.checklist, bundle.content.country
    stored = set(
        session.scalars(
            select(ChecklistVersionRow.content_hash).where(
                ChecklistVersionRow.checklist_id == part.id,
                ChecklistVersionRow.version == part.version,
            )
        )
    )
    if stored and part.content_hash not in stored:
        raise CtcapError(
            f"{bundle.name}: checklist {part.id} {part.version} is stored here with other "
            f"content; the bundle's snapshot (sha256 {part.content_hash[:12]}…) differs under "
            "the same id and version: refused"
        )
    here = session.get(CountryRow, country.code)
    if here is not None and here.fictional and here.name != country.name:
        raise CtcapError(
            f"{bundle.name}: the fictional country {country.code} is {here.name!r} here, "
            f"the bundle calls it {country.name[:60]!r}: refused"
        )
