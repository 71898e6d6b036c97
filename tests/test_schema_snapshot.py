"""The printed schema must match the committed snapshot, so API changes show in review,
and every part of it says what it is."""

from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
    specified_directives,
    specified_scalar_types,
)

from schema.root import schema

SNAPSHOT = Path(__file__).parent.parent / "schema" / "schema.graphql"


def test_schema_matches_snapshot() -> None:
    printed = schema.as_str() + "\n"
    assert printed == SNAPSHOT.read_text(), (
        "The GraphQL schema changed. If that is intended, update the snapshot with "
        "`.venv/bin/linkgraph schema > schema/schema.graphql` and review the diff."
    )


def undescribed(built: GraphQLSchema) -> list[str]:
    """Every type, field, argument, input field, enum value and directive argument of
    ours that introspection would show without a description."""
    missing = []
    for name, named in sorted(built.type_map.items()):
        if name.startswith("__") or name in specified_scalar_types:
            continue
        if not named.description:
            missing.append(name)
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for field_name, field in named.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description:
                        missing.append(f"{name}.{field_name}({arg_name})")
        if isinstance(named, GraphQLEnumType):
            missing += [f"{name}.{v}" for v, value in named.values.items() if not value.description]
    for directive in built.directives:
        if directive in specified_directives:
            continue
        if not directive.description:
            missing.append(f"@{directive.name}")
        missing += [
            f"@{directive.name}({a})" for a, arg in directive.args.items() if not arg.description
        ]
    return missing


def test_the_schema_documents_itself() -> None:
    # GraphiQL's docs pane is where a newcomer learns the API: nothing in it is blank.
    assert undescribed(schema._schema) == []


def test_the_check_sees_a_blank() -> None:
    blank = build_schema("type Query { a(x: Int): Int }")
    assert undescribed(blank) == ["Query", "Query.a", "Query.a(x)"]
