"""The incident queue: table model sorted in the model, and its dock widget."""
