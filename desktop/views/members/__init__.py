"""The members page: the member book as a windowed table, search, add and edit."""
