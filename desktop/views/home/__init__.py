"""The overview page: what the store has, and where its data lives."""
