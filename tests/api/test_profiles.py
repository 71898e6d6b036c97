"""Profiles: created and changed only by their owner; looked up by id or handle."""

from __future__ import annotations

from linkgraph.auth import new_subject
from tests.api.directory import assert_name_then_id_order, everything
from tests.conftest import Api, Member

CREATE = """mutation($input: CreateProfileInput!) {
  createProfile(input: $input) { person { id handle name headline about location industry } }
}"""
UPDATE = """mutation($input: UpdateProfileInput!) {
  updateProfile(input: $input) { person { handle name headline about updatedAt } }
}"""
VIEWER = "{ viewer { id handle name headline isViewer } }"


def newcomer(api: Api) -> Member:
    subject = new_subject()
    return Member(subject, "", "", api.token_for(subject))


async def test_create_profile_uses_token_subject_and_normalises(api: Api) -> None:
    me = newcomer(api)
    data = await api.ok(
        CREATE,
        {
            "input": {
                "handle": f"  Ada-{me.id[:8]}  ",
                "name": "  Ada Lovelace ",
                "headline": "Analyst",
                "about": "Notes\non engines",
                "location": "",
            }
        },
        as_=me,
    )
    person = data["createProfile"]["person"]
    assert person["handle"] == f"ada-{me.id[:8]}"
    assert person["name"] == "Ada Lovelace"
    assert person["about"] == "Notes\non engines"
    assert person["location"] is None  # empty optional text is no value
    viewer = (await api.ok(VIEWER, as_=me))["viewer"]
    assert viewer["id"] == person["id"] and viewer["isViewer"] is True


async def test_create_profile_again_is_harmless_but_a_second_profile_conflicts(api: Api) -> None:
    me = newcomer(api)
    variables = {"input": {"handle": f"h-{me.id[:8]}", "name": "Grace"}}
    first = await api.ok(CREATE, variables, as_=me)
    again = await api.ok(CREATE, variables, as_=me)
    assert first == again
    other = {"input": {"handle": f"h2-{me.id[:8]}", "name": "Grace"}}
    error = await api.error(CREATE, other, as_=me)
    assert error["extensions"]["code"] == "CONFLICT"
    assert error["extensions"]["reason"] == "PROFILE_EXISTS"


async def test_handle_taken_is_a_conflict_and_creates_nothing(api: Api) -> None:
    taken = await api.member()
    me = newcomer(api)
    error = await api.error(
        CREATE, {"input": {"handle": taken.handle.upper(), "name": "X"}}, as_=me
    )
    assert error["extensions"] == {"code": "CONFLICT", "reason": "HANDLE_TAKEN", "field": "handle"}
    assert (await api.ok(VIEWER, as_=me))["viewer"] is None


async def test_bad_profile_input_is_rejected_and_changes_nothing(api: Api) -> None:
    me = newcomer(api)
    cases = [
        ({"handle": "a", "name": "X"}, "INVALID_HANDLE"),
        ({"handle": "-bad-", "name": "X"}, "INVALID_HANDLE"),
        ({"handle": "with space", "name": "X"}, "INVALID_HANDLE"),
        ({"handle": f"ok-{me.id[:8]}", "name": "   "}, "REQUIRED"),
        ({"handle": f"ok-{me.id[:8]}", "name": "X" * 101}, "TOO_LONG"),
        ({"handle": f"ok-{me.id[:8]}", "name": "X", "headline": "bell\x07"}, "INVALID_CHARACTERS"),
    ]
    for fields, reason in cases:
        error = await api.error(CREATE, {"input": fields}, as_=me)
        assert error["extensions"]["code"] == "BAD_USER_INPUT", fields
        assert error["extensions"]["reason"] == reason, fields
    assert (await api.ok(VIEWER, as_=me))["viewer"] is None


async def test_update_changes_only_given_fields_and_null_clears(api: Api) -> None:
    me = await api.member("Before", headline="Old", about="About me")
    data = await api.ok(UPDATE, {"input": {"name": "After", "about": None}}, as_=me)
    person = data["updateProfile"]["person"]
    assert person["name"] == "After"
    assert person["headline"] == "Old"
    assert person["about"] is None


async def test_update_handle_rules(api: Api) -> None:
    me = await api.member()
    other = await api.member()
    error = await api.error(UPDATE, {"input": {"handle": other.handle}}, as_=me)
    assert error["extensions"]["reason"] == "HANDLE_TAKEN"
    error = await api.error(UPDATE, {"input": {"handle": None}}, as_=me)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    error = await api.error(UPDATE, {"input": {}}, as_=me)
    assert error["extensions"]["reason"] == "EMPTY_UPDATE"
    renamed = f"renamed-{me.id[:8]}"
    data = await api.ok(UPDATE, {"input": {"handle": renamed}}, as_=me)
    assert data["updateProfile"]["person"]["handle"] == renamed
    found = await api.ok("query($h: String!) { person(handle: $h) { id } }", {"h": renamed})
    assert found["person"]["id"] == me.gid


async def test_profile_mutations_need_a_token_and_updates_need_a_profile(api: Api) -> None:
    error = await api.error(CREATE, {"input": {"handle": "nobody-here", "name": "X"}})
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    error = await api.error(UPDATE, {"input": {"name": "X"}}, as_=newcomer(api))
    assert error["extensions"] == {"code": "FORBIDDEN", "reason": "PROFILE_REQUIRED"}


async def test_person_lookup_by_id_or_handle(api: Api) -> None:
    me = await api.member("Lookup Person")
    query = "query($id: ID, $h: String) { person(id: $id, handle: $h) { id name } }"
    assert (await api.ok(query, {"id": me.gid}))["person"]["name"] == "Lookup Person"
    assert (await api.ok(query, {"h": me.handle.upper()}))["person"]["id"] == me.gid
    assert (await api.ok(query, {"h": "no-such-handle"}))["person"] is None
    for variables in ({}, {"id": me.gid, "h": me.handle}):
        error = await api.error(query, variables)
        assert error["extensions"]["reason"] == "ONE_OF"
    invitation_id = "SW52aXRhdGlvbjp4"  # Invitation:x
    error = await api.error(query, {"id": invitation_id})
    assert error["extensions"]["reason"] == "WRONG_ID_TYPE"


async def test_node_and_nodes(api: Api) -> None:
    a, b = await api.member("Node A"), await api.member("Node B")
    query = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Person { name } } }"
    data = await api.ok(query, {"ids": [b.gid, a.gid]})
    assert [n["name"] for n in data["nodes"]] == ["Node B", "Node A"]
    data = await api.ok("query($id: ID!) { node(id: $id) { id } }", {"id": a.gid})
    assert data["node"]["id"] == a.gid
    error = await api.error(query, {"ids": [a.gid] * 101})
    assert error["extensions"]["reason"] == "TOO_MANY_IDS"
    error = await api.error(query, {"ids": ["not-an-id"]})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_people_search_pages_in_name_order(api: Api) -> None:
    tag = new_subject()[:8]
    names = [f"Zed {tag} {n}" for n in ("Delta", "alpha", "Charlie", "bravo", "Echo")]
    for name in names:
        await api.member(name, headline="Searcher")
    query = """query($s: String, $after: String) {
      people(search: $s, first: 2, after: $after) {
        totalCount edges { node { name } } pageInfo { hasNextPage hasPreviousPage endCursor }
      }}"""
    seen, after = [], None
    while True:
        page = (await api.ok(query, {"s": tag.upper(), "after": after}))["people"]
        assert page["totalCount"] == 5
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        seen += [e["node"]["name"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == sorted(names, key=str.lower)


async def test_everyone_pages_in_name_order_ties_by_id(api: Api) -> None:
    """With no term, `people` lists everyone by name, then id: every person once, the
    same name split across pages by id, whoever is hidden from the viewer left out."""
    tag = new_subject()[:8]
    ties = [await api.member(f"Tied {tag}") for _ in range(3)]
    viewer, hidden = await api.member(f"Viewer {tag}"), await api.member(f"Blocker {tag}")
    block = "mutation($id: ID!) { blockPerson(input: {personId: $id}) { blocked } }"
    await api.ok(block, {"id": viewer.gid}, as_=hidden)
    edges = await everything(api, "people", as_=viewer)
    ids = [e["node"]["id"] for e in edges]
    assert viewer.gid in ids and hidden.gid not in ids
    await assert_name_then_id_order(
        api, "people", edges, f"Tied {tag}", [t.gid for t in ties], as_=viewer
    )


async def test_a_failing_mutation_does_not_hide_one_that_committed(api: Api) -> None:
    member = await api.member(headline="Before")
    body = await api.gql(
        """mutation {
          updateProfile(input: {headline: "After"}) { person { headline } }
          followPerson(input: {personId: "not-an-id"}) { following }
        }""",
        as_=member,
    )
    assert body["data"]["updateProfile"] == {"person": {"headline": "After"}}
    assert body["data"]["followPerson"] is None
    assert [e["path"] for e in body["errors"]] == [["followPerson"]]


async def test_a_failing_selection_inside_a_payload_does_not_hide_the_commit(api: Api) -> None:
    member = await api.member(headline="Before")
    body = await api.gql(
        """mutation { updateProfile(input: {headline: "After"}) {
          person { headline connections(after: "not-a-cursor") { totalCount } } } }""",
        as_=member,
    )
    # The list is nullable: only it is lost, not the payload saying the change committed.
    assert body["data"] == {"updateProfile": {"person": {"headline": "After", "connections": None}}}
    assert body["errors"][0]["path"] == ["updateProfile", "person", "connections"]
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    me = await api.ok("{ viewer { headline } }", as_=member)
    assert me["viewer"]["headline"] == "After"


SEARCH_IDS = (
    "query($s: String) { people(search: $s, first: 100) { totalCount edges { node { id } } } }"
)


async def test_search_matches_the_start_of_any_word(api: Api) -> None:
    """Every word of the term starts a word of the name, the handle or the headline
    (three letters or more; shorter words match whole), in any order, any case."""
    tag = new_subject()[:8]
    ada = await api.member(f"Ada Lovelace {tag}", headline="Analytical engines")
    sean = await api.member(f"Seán O'Brien {tag}", handle=f"obrien-{tag}")
    wu = await api.member(f"Li Wu {tag}")

    async def found(term: str) -> set[str]:
        page = (await api.ok(SEARCH_IDS, {"s": term}))["people"]
        ids = {e["node"]["id"] for e in page["edges"]}
        assert page["totalCount"] == len(ids), term
        return ids & {ada.gid, sean.gid, wu.gid}

    assert await found(tag) == {ada.gid, sean.gid, wu.gid}
    assert await found(f"love {tag}") == {ada.gid}  # a surname's start
    assert await found(f"{tag} ADA") == {ada.gid}  # order and case do not matter
    assert await found(f"analytic {tag}") == {ada.gid}  # the headline
    assert await found(f"o'brien {tag}") == {sean.gid}  # an apostrophe inside a word
    assert await found(f"seán {tag}") == {sean.gid}
    assert await found(f"li {tag}") == {wu.gid}  # a short word, whole
    assert await found(f"l {tag}") == set()  # ...never as a prefix
    assert await found(f"lovelace babbage {tag}") == set()  # every word must match
    assert await found(f"ovelace {tag}") == set()  # the start of a word, not its middle
    # Text the index's query syntax would read as operators is only words here.
    assert await found(f'{tag} AND (ada OR "x") -li~ *') == set()
    assert await found(f"{tag}*") == {ada.gid, sean.gid, wu.gid}
