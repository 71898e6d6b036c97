"""Executing an operation: graphql-core's executor, with a short path for plain leaves.

Most of a list's response is plain values: a person's id, name and headline, twenty
times over. graphql-core runs each such field through the whole field machinery (a
resolve info object, strawberry's own info on top, argument coercion, awaitable checks,
type dispatch), 5-10 µs a field, and a relay `id` also looks up its attribute by
evaluating the class's annotations each time. Three kinds of field need none of that:

- an attribute read: strawberry's default resolver, no arguments, a scalar or enum type;
- a relay `id` with strawberry's own `resolve_id` and `resolve_typename`;
- `__typename` on an object type (Apollo Client adds it to every selection);
- an attribute read whose value is an object, or a list of objects, whose own selection
  holds only such fields (a page's `edges { node { ... } }`).

Their values are read and coerced here, and an object whose selection holds only such
fields is built in one loop. Anything unusual (null for a non-null field, a value that
does not coerce, field middleware) goes the full way instead, which then reports it
exactly as graphql-core does: the readers have no side effects, so reading again is safe.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLLeafType,
    GraphQLObjectType,
    TypeNameMetaFieldDef,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
)
from graphql.pyutils import Path, Undefined
from strawberry import relay
from strawberry.relay import GlobalID
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter

_SLOW = object()  # a reader's answer when the field must go the full way

# (source, parent type) -> the completed value, or _SLOW
Reader = Callable[[Any, GraphQLObjectType], Any]


def _coerced(leaf: GraphQLLeafType, nullable: bool, get: Callable[[Any], Any]) -> Reader:
    coerce = leaf.coerce_output_value

    def read(source: Any, _parent: GraphQLObjectType) -> Any:
        try:
            value = get(source)
            if value is None:
                return None if nullable else _SLOW
            coerced = coerce(value)
        except Exception:  # the full path reports it, located and masked
            return _SLOW
        return _SLOW if coerced is None or coerced is Undefined else coerced

    return read


def _attribute(get: Callable[[Any], Any], nullable: bool, complete: Callable[[Any], Any]) -> Reader:
    """Read an attribute and complete its value (null where the schema allows it)."""

    def read(source: Any, _parent: GraphQLObjectType) -> Any:
        try:
            value = get(source)
        except Exception:  # the full path reports it
            return _SLOW
        if value is None:
            return None if nullable else _SLOW
        return complete(value)

    return read


_id_attributes: dict[type, str] = {}


def _relay_id(source: Any) -> Any:
    cls = type(source)
    if not (
        isinstance(source, relay.Node)
        and cls.resolve_id.__func__ is relay.Node.resolve_id.__func__  # type: ignore[attr-defined]
        and cls.resolve_typename.__func__ is relay.Node.resolve_typename.__func__  # type: ignore[attr-defined]
    ):
        return None  # a type of its own way: the full path
    attribute = _id_attributes.get(cls)
    if attribute is None:
        attribute = _id_attributes[cls] = cls.resolve_id_attr()
    return getattr(source, attribute)


def _reader(field_def: GraphQLField) -> Reader | None:
    if field_def is TypeNameMetaFieldDef:
        return lambda _source, parent: parent.name
    nullable = not is_non_null_type(field_def.type)
    leaf = field_def.type if nullable else field_def.type.of_type  # type: ignore[attr-defined]
    if field_def.args or not is_leaf_type(leaf):
        return None
    definition = (field_def.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if getattr(field_def.resolve, "_is_default", False):  # strawberry's attribute read
        return _coerced(leaf, nullable, field_def.resolve)  # type: ignore[arg-type]
    is_relay_id = getattr(definition, "origin", None) is relay.Node and (
        getattr(definition, "python_name", None) == "_id"
    )
    if is_relay_id:
        coerce = leaf.coerce_output_value

        def read_id(source: Any, parent: GraphQLObjectType) -> Any:
            try:
                node_id = _relay_id(source)
            except Exception:  # the full path reports it
                return _SLOW
            return _SLOW if node_id is None else coerce(GlobalID(parent.name, str(node_id)))

        return read_id
    return None


_readers: dict[int, tuple[GraphQLField, Reader | None]] = {}


def reader(field_def: GraphQLField) -> Reader | None:
    # Keyed by id() with the definition kept alive beside it: GraphQLField is unhashable.
    cached = _readers.get(id(field_def))
    if cached is not None and cached[0] is field_def:
        return cached[1]
    found = _reader(field_def)
    _readers[id(field_def)] = (field_def, found)
    return found


class ExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's executor; plain leaves, and objects made only of them, read
    directly."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        middleware = self.middleware_manager
        self._direct = middleware is None or not middleware.middlewares  # no resolve hooks
        # grouped field set id -> (the set, its readers by response name, or None)
        self._plans: dict[int, tuple[Any, list[tuple[str, Reader]] | None]] = {}
        # field group id -> (the group, its reader when the field's value is objects)
        self._object_readers: dict[int, tuple[Any, Reader | None]] = {}

    def _plan(
        self, parent_type: GraphQLObjectType, grouped: Any
    ) -> list[tuple[str, Reader]] | None:
        cached = self._plans.get(id(grouped))
        if cached is not None and cached[0] is grouped:
            return cached[1]
        plan: list[tuple[str, Reader]] | None = []
        for response_name, details in grouped.items():
            found = self._field_reader(parent_type, details)
            if found is None:
                plan = None
                break
            plan.append((response_name, found))  # type: ignore[union-attr]
        self._plans[id(grouped)] = (grouped, plan)
        return plan

    def _field_reader(self, parent_type: GraphQLObjectType, details: Any) -> Reader | None:
        node = details[0].node
        if not self._direct or node.arguments:
            return None
        field_def = self.schema.get_field(parent_type, node.name.value)
        if field_def is None:
            return None
        found = reader(field_def)
        if found is not None or node.selection_set is None:
            return found
        cached = self._object_readers.get(id(details))
        if cached is not None and cached[0] is details:
            return cached[1]
        found = self._objects_reader(field_def, details)
        self._object_readers[id(details)] = (details, found)  # holds details: id not reused
        return found

    def _objects_reader(self, field_def: GraphQLField, details: Any) -> Reader | None:
        """For an attribute holding an object or a list of objects (a page's edges, an
        edge's node): built here when their whole selection can be."""
        if not getattr(field_def.resolve, "_is_default", False):
            return None
        get: Callable[[Any], Any] = field_def.resolve  # type: ignore[assignment]
        nullable = not is_non_null_type(field_def.type)
        of_type: Any = field_def.type if nullable else field_def.type.of_type  # type: ignore[attr-defined]
        if is_object_type(of_type):
            return _attribute(get, nullable, self._object_builder(of_type, details))
        if not is_list_type(of_type):
            return None
        item_nullable = not is_non_null_type(of_type.of_type)
        item_type = of_type.of_type if item_nullable else of_type.of_type.of_type
        if not is_object_type(item_type):
            return None
        build_item = self._object_builder(item_type, details)

        def build_list(items: Any) -> Any:
            if not isinstance(items, list | tuple):
                return _SLOW  # the full path says what is wrong with it
            built = []
            for item in items:
                value = None if item is None else build_item(item)
                if value is _SLOW or (value is None and not item_nullable):
                    return _SLOW
                built.append(value)
            return built

        return _attribute(get, nullable, build_list)

    def _object_builder(self, object_type: GraphQLObjectType, details: Any) -> Callable[[Any], Any]:
        def build(value: Any) -> Any:
            is_type_of = object_type.is_type_of
            if is_type_of is not None:
                try:
                    # not it, or not known yet (strawberry's checks ignore the info)
                    if is_type_of(value, None) is not True:  # type: ignore[arg-type]
                        return _SLOW
                except Exception:  # a check that needs the resolve info: the full path
                    return _SLOW
            grouped, deferred, _ = self.collect_subfields(object_type, details)
            plan = None if deferred else self._plan(object_type, grouped)
            if plan is None:
                return _SLOW
            results = {}
            for response_name, read in plan:
                field_value = read(value, object_type)
                if field_value is _SLOW:
                    return _SLOW
                results[response_name] = field_value
            return results

        return build

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        plan = self._plan(parent_type, grouped_field_set)
        if plan is not None:
            results = {}
            for response_name, read in plan:
                value = read(source_value, parent_type)
                if value is _SLOW:
                    break
                results[response_name] = value
            else:
                return results
        return super().execute_fields(
            parent_type, source_value, path, grouped_field_set, position_context
        )

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        read = self._field_reader(parent_type, field_details_list)
        if read is not None:
            value = read(source, parent_type)
            if value is not _SLOW:
                return value
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )
