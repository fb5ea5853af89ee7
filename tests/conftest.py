"""Root test configuration.

The data directory is set by the early plugin `tests/testenv.py`. The database under test is
Django's test database: SQLite by default, PostgreSQL when PLANWATCH_DATABASE_URL names one
(pytest-django creates test_<name>).
"""
