"""Alerts (告警): derived from the session, listed by severity, acknowledged, and sounded unless muted."""
