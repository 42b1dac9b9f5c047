"""Users' roles (administrator, reform office, agency focal point, leader) and the role predicates."""
