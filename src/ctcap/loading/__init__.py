"""YAML → domain: safe, bounded loading with line-accurate errors."""
