"""digest layer."""
