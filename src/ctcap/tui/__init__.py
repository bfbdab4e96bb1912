"""The assessor's Textual app: screens, widgets, the database client and the command palette."""
