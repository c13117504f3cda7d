"""answers layer."""
