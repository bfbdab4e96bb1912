"""The assessor's Textual app: screens, widgets, workers and the command palette."""
