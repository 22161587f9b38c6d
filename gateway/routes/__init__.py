"""Route groups of the gateway, one module per service plus the system and web routes."""
