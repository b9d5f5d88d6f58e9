"""110 intake (接警): the keyboard-first form and what it looks things up in."""

from console.ui.intake.intake_dialog import IntakeDialog

__all__ = ["IntakeDialog"]
