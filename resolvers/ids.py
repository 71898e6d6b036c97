"""Global (Relay) ids: base64 of "Type:id", opaque to clients."""

from __future__ import annotations

from strawberry.relay import GlobalID, GlobalIDValueError

from resolvers.errors import BadUserInput


def global_id(type_name: str, node_id: str) -> str:
    return str(GlobalID(type_name, node_id))


def parse_global_id(value: str) -> tuple[str, str]:
    """(type name, node id) of a global id, or BAD_USER_INPUT."""
    try:
        gid = GlobalID.from_id(value)
    except GlobalIDValueError:
        raise BadUserInput(f"{value!r} is not a valid id.", reason="INVALID_ID") from None
    if not gid.node_id:
        raise BadUserInput(f"{value!r} is not a valid id.", reason="INVALID_ID")
    return gid.type_name, gid.node_id


def node_id_of(value: str, expected_type: str) -> str:
    """The node id inside a global id that must name an `expected_type`."""
    type_name, node_id = parse_global_id(value)
    if type_name != expected_type:
        raise BadUserInput(
            f"Expected the id of a {expected_type}, got the id of a {type_name}.",
            reason="WRONG_ID_TYPE",
        )
    return node_id
