"""The GraphQL schema: types, inputs and enums. The Schema itself is in schema.root."""
