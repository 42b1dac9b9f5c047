"""Tracking published tasks: status, progress, updates with evidence, dashboards' figures."""
