"""The cost estimate and the shape limits, as pure functions of a document.

Generated operations are rewritten into equivalent forms (inline fragments with and
without a type condition, named fragments, aliases): every form costs what the plain
one does. Fragment bombs are measured by the work the checks do, not by the clock.
"""

from __future__ import annotations

import random

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    NamedTypeNode,
    NameNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    parse,
    print_ast,
    specified_rules,
    validate,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import queries

from schema.extensions.document_shape import Shape, ShapeOf, fragments_of, repeats_message
from schema.extensions.query_cost import CostOf, estimate, known_estimate
from schema.root import _SHAPE_RULES, MAX_DEPTH, MAX_REPEATS, schema

GRAPHQL_SCHEMA = schema._schema
SDL = schema.as_str()


class Rewriter:
    """Rewrites a document into an equivalent one, choosing at random where to wrap a
    selection set's fields into fragments and which fields to alias."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.fragments: list[FragmentDefinitionNode] = []

    def document(self, document: DocumentNode) -> DocumentNode:
        definitions = []
        for definition in document.definitions:
            assert isinstance(definition, OperationDefinitionNode)
            root = GRAPHQL_SCHEMA.get_root_type(definition.operation)
            definitions.append(
                OperationDefinitionNode(
                    operation=definition.operation,
                    name=definition.name,
                    variable_definitions=definition.variable_definitions,
                    directives=definition.directives,
                    selection_set=self.selections(definition.selection_set, root),
                )
            )
        return DocumentNode(definitions=[*definitions, *self.fragments])

    def selections(self, selection_set: SelectionSetNode, parent) -> SelectionSetNode:
        rewritten = [self.selection(s, parent) for s in selection_set.selections]
        choice = self.rng.random()
        if choice < 0.25:
            return _set([InlineFragmentNode(type_condition=_named(parent.name),
                                            selection_set=_set(rewritten))])  # fmt: skip
        if choice < 0.4:
            return _set([InlineFragmentNode(selection_set=_set(rewritten))])
        if choice < 0.65:
            name = f"F{len(self.fragments)}"
            self.fragments.append(
                FragmentDefinitionNode(
                    name=NameNode(value=name),
                    type_condition=_named(parent.name),
                    selection_set=_set(rewritten),
                )
            )
            # Spread twice: a fragment costs once however often it is spread.
            return _set([FragmentSpreadNode(name=NameNode(value=name))] * 2)
        return _set(rewritten)

    def selection(self, selection, parent):
        if isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            inner = GRAPHQL_SCHEMA.get_type(condition.name.value) if condition else parent
            return InlineFragmentNode(
                type_condition=condition,
                selection_set=self.selections(selection.selection_set, inner),
            )
        assert isinstance(selection, FieldNode)
        alias = selection.alias
        if alias is None and self.rng.random() < 0.3:
            alias = NameNode(value=f"a{self.rng.randrange(10**9)}")
        selection_set = selection.selection_set
        if selection_set is not None and not selection.name.value.startswith("__"):
            field_type = get_named_type(parent.fields[selection.name.value].type)
            selection_set = self.selections(selection_set, field_type)
        return FieldNode(
            alias=alias,
            name=selection.name,
            arguments=selection.arguments,
            directives=selection.directives,
            selection_set=selection_set,
        )


def _set(selections: list) -> SelectionSetNode:
    return SelectionSetNode(selections=selections)


def _named(name: str) -> NamedTypeNode:
    return NamedTypeNode(name=NameNode(value=name))


def cost(document: DocumentNode, variables: dict | None = None) -> int:
    return estimate(document, None, variables or {}, GRAPHQL_SCHEMA)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=queries(SDL), seed=st.integers(0, 2**32))
def test_equivalent_forms_cost_the_same(query: str, seed: int) -> None:
    plain = parse(query)
    rewritten = parse(print_ast(Rewriter(random.Random(seed)).document(plain)))
    # The rewrite really is the same operation to GraphQL (aliases aside).
    assert validate(GRAPHQL_SCHEMA, rewritten, specified_rules) == []
    assert cost(rewritten) == cost(plain), print_ast(rewritten)


def test_a_connection_inside_an_inline_fragment_costs_its_default_page() -> None:
    plain = "{ people(first: 100) { edges { node { followers { edges { node { name } } } } } } }"
    inline = """{ people(first: 100) { edges { node { followers {
      ... on FollowConnection { edges { node { name } } } } } } } }"""
    named = """{ people(first: 100) { edges { node { followers { ...Page } } } } }
      fragment Page on FollowConnection { edges { node { name } } }"""
    expected = 1 + 100 + 100 + 100 * (1 + 20 + 20)
    assert cost(parse(plain)) == cost(parse(inline)) == cost(parse(named)) == expected


def bomb(levels: int, inner: str) -> str:
    """Each fragment spreads the one before it twice: expanded, 2**levels copies."""
    fragments = [f"fragment F0 on Person {{ {inner} }}"]
    fragments += [f"fragment F{i} on Person {{ ...F{i - 1} ...F{i - 1} }}" for i in
                  range(1, levels + 1)]  # fmt: skip
    return f"{{ viewer {{ ...F{levels} }} }}\n" + "\n".join(fragments)


def selections_written(document: DocumentNode) -> int:
    count = 0

    def walk(selection_set: SelectionSetNode | None) -> None:
        nonlocal count
        for selection in selection_set.selections if selection_set else ():
            count += 1
            walk(getattr(selection, "selection_set", None))

    for definition in document.definitions:
        walk(definition.selection_set)  # type: ignore[attr-defined]
    return count


def test_fragment_bombs_are_checked_in_linear_work() -> None:
    for levels in (10, 20, 40):
        document = parse(bomb(levels, "name a: headline followers { edges { node { name } } }"))
        written = selections_written(document)
        operation = document.definitions[0].selection_set  # type: ignore[attr-defined]
        shape_of = ShapeOf(fragments_of(document))
        # GraphQL runs a fragment spread twice at one level once: so do the measures.
        assert shape_of(operation) == Shape(depth=4, aliases=1, repeats=1)
        assert shape_of.visits <= written
        cost_of = CostOf(GRAPHQL_SCHEMA, fragments_of(document), {})
        assert cost_of(operation, GRAPHQL_SCHEMA.query_type) == 1 + 1 + 20 + 20
        assert cost_of.visits <= written
        assert validate(GRAPHQL_SCHEMA, document, [*specified_rules, *_SHAPE_RULES]) == []


@settings(max_examples=60, deadline=None)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(["a", "b"]),  # which of two documents of the same text
            st.one_of(st.none(), st.integers(-5, 150), st.booleans(), st.text(max_size=3)),
            st.one_of(st.none(), st.lists(st.just("p"), max_size=120), st.integers(0, 3)),
            st.text(max_size=3),  # the id: never part of the cost
        ),
        min_size=1,
        max_size=12,
    )
)
def test_a_remembered_cost_is_the_cost_of_these_variables(steps: list) -> None:
    """Costs are remembered per document and the variables the estimate reads (page
    sizes, id lists): whatever came before, each answer is the estimate's own."""
    text = (
        "query Q($id: ID!, $n: Int, $ids: [ID!]) { person(id: $id) { "
        "followers(first: $n) { edges { node { name } } } } "
        "nodes(ids: $ids) { ... on Person { following(first: 2) { edges { node { name } } } } } }"
    )
    documents = {"a": parse(text), "b": parse(text)}
    for which, first, ids, person in steps:
        variables = {"id": person, "n": first, "ids": ids}
        document = documents[which]
        expected = estimate(document, "Q", variables, GRAPHQL_SCHEMA)
        assert known_estimate(document, "Q", variables, GRAPHQL_SCHEMA) == expected


def test_pages_multiply_through_fragments() -> None:
    """Each fragment asks for a page of two whose people the fragment below describes:
    a fragment's cost applies once per item of the page around it."""
    doubling = ["fragment H0 on Person { name }"]
    doubling += [f"fragment H{i} on Person {{ following(first: 2) {{ edges {{ node {{ "
                 f"...H{i - 1} }} }} }} }}" for i in range(1, 5)]  # fmt: skip
    document = parse("{ viewer { ...H4 } }\n" + "\n".join(doubling))
    cost_of = CostOf(GRAPHQL_SCHEMA, fragments_of(document), {})
    # H(i) = following 1 + 2 x (edges 1 + node 1 + H(i-1)); H(0) = 0: H(4) = 75.
    assert cost_of(document.definitions[0].selection_set, GRAPHQL_SCHEMA.query_type) == 1 + 75


def test_depth_counts_through_fragments() -> None:
    deep = "{ viewer { ...F0 } }\n" + "\n".join(
        f"fragment F{i} on Person {{ following {{ edges {{ node {{ ...F{i + 1} }} }} }} }}"
        for i in range(5)
    ) + "\nfragment F5 on Person { name }"  # fmt: skip
    messages = [e.message for e in validate(GRAPHQL_SCHEMA, parse(deep), _SHAPE_RULES)]
    assert messages == [f"'anonymous' exceeds maximum operation depth of {MAX_DEPTH}"]
    shallow = "{ viewer { ...F } } fragment F on Person { following { edges { node { name } } } }"
    assert validate(GRAPHQL_SCHEMA, parse(shallow), _SHAPE_RULES) == []


def test_one_field_repeated_at_one_level_is_bounded_through_fragments() -> None:
    """graphql-core compares every pair of fields that share a response name: copies
    are counted per level, those fragments bring to it included."""
    fragments = [f"fragment R{i} on Person {{ id name }}" for i in range(MAX_REPEATS + 1)]
    spreads = " ".join(f"...R{i}" for i in range(MAX_REPEATS + 1))
    document = parse(f"{{ viewer {{ {spreads} }} }}\n" + "\n".join(fragments))
    messages = [e.message for e in validate(GRAPHQL_SCHEMA, document, _SHAPE_RULES)]
    assert messages == [repeats_message(MAX_REPEATS + 1, MAX_REPEATS)]
    fewer = " ".join(f"...R{i}" for i in range(MAX_REPEATS))
    document = parse(f"{{ viewer {{ {fewer} }} }}\n" + "\n".join(fragments[:MAX_REPEATS]))
    assert validate(GRAPHQL_SCHEMA, document, _SHAPE_RULES) == []
