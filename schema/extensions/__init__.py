"""The extensions every operation runs through: limits, cost, errors, observation."""
