"""IATI activity standard 2.03: export projects as activities, import activities."""
