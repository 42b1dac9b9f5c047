"""Plan targets (chỉ tiêu) as indicators: scope, measured values, attainment."""
