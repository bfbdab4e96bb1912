"""Storage: the engine factory, typed ORM models, migrations and repository functions."""
