"""PyGObject override for Cxv (filled in below)."""
