"""The redemption desk page (核销台)."""
