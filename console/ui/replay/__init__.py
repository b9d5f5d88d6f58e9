"""The trainer's replay: a read-only session over a recorded range, its timeline and window."""
