"""Foreign formats in and out: IATI activities, OECD CRS rows (and OSCAL, elsewhere).

A face beside ``reports``: it reads files into domain objects and writes domain objects
out; storage does the storing. Mappings from foreign codes to ctcap ids are reviewed YAML
under ``checklists/mappings/``, not code.
"""
