"""Reminders by e-mail and in the app, escalation of agencies that stop updating."""
