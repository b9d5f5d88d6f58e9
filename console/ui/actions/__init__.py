"""Incident actions: what the selected incident allows, their shortcuts, dialogs and buttons."""

from console.ui.actions.availability import SPECS, Availability, availability
from console.ui.actions.buttons import ActionButtons
from console.ui.actions.controller import IncidentActions

__all__ = ["SPECS", "ActionButtons", "Availability", "IncidentActions", "availability"]
