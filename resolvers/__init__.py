"""Resolvers: the request context, the rules, and the step from records to responses."""
