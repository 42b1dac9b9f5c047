"""Dashboards (plan, my tasks, leader overview) and the demo command."""
