"""ctcap: score a country's counter-terrorism capacity against policy checklists."""

__version__ = "0.1.0"
