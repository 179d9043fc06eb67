"""Compact anonymous facts the dashboard reads (issue #18): build (from the
live records), queue (kept as things happen) and read (the panels)."""
