"""Users, officials, positions, roles and scope; citizens and digital volunteers."""
