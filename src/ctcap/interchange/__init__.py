"""Foreign formats in and out: ctcap's checklists, assessments and projects in open formats.

A face beside ``reports``: it reads the same report models and storage records, and
never re-implements a scoring rule. ``oscal`` writes NIST OSCAL catalogs and assessment
results and reads catalogs back; ``published`` reads published data sets (WHO, FATF,
UN Treaty Collection) into proposed answers; ``iati`` and ``crs`` carry the project
register in and out. Mappings from foreign codes to ctcap ids are reviewed YAML under
``checklists/mappings/``, not code.
"""
