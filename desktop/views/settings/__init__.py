"""The settings page: store profile, colours and language."""
