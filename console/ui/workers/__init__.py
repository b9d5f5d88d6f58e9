"""The worker roster: table model with derived status, and its dock widget."""
