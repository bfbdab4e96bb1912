"""OECD Creditor Reporting System (CRS) rows into the project register."""
