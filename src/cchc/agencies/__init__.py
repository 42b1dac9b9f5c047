"""The directory of administrative units: a tree per province, groups, fuzzy matching."""
