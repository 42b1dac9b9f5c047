"""Plans: import a plan document, review what was extracted, publish it as tasks."""
