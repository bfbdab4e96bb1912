"""Foreign formats in and out: ctcap's checklists and assessments in open exchange formats.

A face beside ``reports``: it reads the same report models and storage records, and
never re-implements a scoring rule. ``oscal`` writes NIST OSCAL catalogs and assessment
results and reads catalogs back; ``published`` reads published data sets (WHO, FATF,
UN Treaty Collection) into proposed answers. Mappings from other schemes' codes to checklist items,
when one is needed, are reviewed YAML data under ``checklists/mappings/``, not code.
"""
