"""The ``ctcap`` command. Heavy modules are imported inside the commands."""
