"""Helpers shared by the tests (a throwaway PostgreSQL server, database URLs)."""
