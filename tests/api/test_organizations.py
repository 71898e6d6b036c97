"""Organizations: created, found, followed, and where people work or study; a shared
one is cited beside mutual connections in suggestions."""

from __future__ import annotations

from tests.api.directory import assert_name_then_id_order, everything
from tests.api.network import connect
from tests.conftest import Api

CREATE = """mutation($name: String!, $kind: OrganizationKind!, $url: String) {
  createOrganization(input: {name: $name, kind: $kind, url: $url}) {
    organization { id name kind url } } }"""
AFFILIATE = """mutation($org: ID!, $role: AffiliationRole!, $year: Int) {
  addAffiliation(input: {organizationId: $org, role: $role, year: $year}) {
    changed person { affiliations { role year organization { id name } } } } }"""
UNAFFILIATE = """mutation($org: ID!, $role: AffiliationRole!) {
  removeAffiliation(input: {organizationId: $org, role: $role}) {
    changed person { affiliations { role } } } }"""
SEARCH = """query($q: String!, $after: String) {
  organizations(search: $q, first: 2, after: $after) {
    totalCount edges { node { name } } pageInfo { hasNextPage endCursor } } }"""
FOLLOW = """mutation($id: ID!) { followOrganization(input: {organizationId: $id}) {
  following organization { followerCount } } }"""
UNFOLLOW = """mutation($id: ID!) { unfollowOrganization(input: {organizationId: $id}) {
  following organization { followerCount } } }"""
SUGGESTIONS = """{ viewer { secondDegree { edges { node { id } mutualConnectionCount
  sharedOrganizations { name } } } } }"""


async def test_create_find_and_follow(api: Api) -> None:
    admin, fan = await api.member(), await api.member()
    everyone = "{ organizations { totalCount } }"
    before = (await api.ok(everyone))["organizations"]["totalCount"]
    tag = admin.handle[-8:]
    names = [f"Zeta {tag} Labs", f"Alpha {tag} School", f"Beta {tag} Works"]
    created = []
    for name, kind in zip(names, ("COMPANY", "SCHOOL", "COMPANY"), strict=True):
        data = await api.ok(CREATE, {"name": name, "kind": kind, "url": None}, as_=admin)
        created.append(data["createOrganization"]["organization"])
    assert created[1]["kind"] == "SCHOOL"
    seen, after = [], None
    while True:
        page = (await api.ok(SEARCH, {"q": tag, "after": after}))["organizations"]
        assert page["totalCount"] == 3
        seen += [e["node"]["name"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == sorted(names, key=str.lower)
    assert (await api.ok(everyone))["organizations"]["totalCount"] == before + 3
    blank = await api.ok('{ organizations(search: "  ") { totalCount } }')
    assert blank["organizations"]["totalCount"] == before + 3  # a blank term is no term
    org = created[0]["id"]
    for _ in range(2):  # repeating is harmless
        data = await api.ok(FOLLOW, {"id": org}, as_=fan)
        assert data["followOrganization"] == {
            "following": True,
            "organization": {"followerCount": 1},
        }
    data = await api.ok(UNFOLLOW, {"id": org}, as_=fan)
    assert data["unfollowOrganization"] == {
        "following": False,
        "organization": {"followerCount": 0},
    }
    error = await api.error(CREATE, {"name": "Bad", "kind": "COMPANY", "url": "ftp://x"}, as_=admin)
    assert error["extensions"]["reason"] == "INVALID_URL"


async def test_every_organization_pages_in_name_order_ties_by_id(api: Api) -> None:
    admin = await api.member()
    name = f"Tied {admin.handle[-8:]} Works"
    tied = [
        (await api.ok(CREATE, {"name": name, "kind": "COMPANY", "url": None}, as_=admin))[
            "createOrganization"
        ]["organization"]["id"]
        for _ in range(3)
    ]
    edges = await everything(api, "organizations")
    await assert_name_then_id_order(api, "organizations", edges, name, tied)


async def test_affiliations_and_shared_organizations_in_suggestions(api: Api) -> None:
    me, friend, colleague, other = [await api.member() for _ in range(4)]
    await connect(api, me, friend)
    await connect(api, friend, colleague)
    await connect(api, friend, other)
    org = await api.ok(CREATE, {"name": f"Shared {me.handle[-6:]}", "kind": "COMPANY"}, as_=me)
    org_id = org["createOrganization"]["organization"]["id"]
    for who, role, year in (
        (me, "WORK", 2020),
        (colleague, "WORK", 2018),
        (colleague, "STUDY", None),
    ):
        data = await api.ok(AFFILIATE, {"org": org_id, "role": role, "year": year}, as_=who)
        assert data["addAffiliation"]["changed"] is True
    mine = await api.ok(AFFILIATE, {"org": org_id, "role": "WORK", "year": 2020}, as_=me)
    assert mine["addAffiliation"]["person"]["affiliations"] == [
        {
            "role": "WORK",
            "year": 2020,
            "organization": {
                "id": org_id,
                "name": org["createOrganization"]["organization"]["name"],
            },
        }
    ]
    edges = (await api.ok(SUGGESTIONS, as_=me))["viewer"]["secondDegree"]["edges"]
    by_person = {e["node"]["id"]: e for e in edges}
    assert by_person[colleague.gid]["mutualConnectionCount"] == 1
    assert [o["name"] for o in by_person[colleague.gid]["sharedOrganizations"]] == [
        org["createOrganization"]["organization"]["name"]
    ]  # cited once, though the colleague both worked and studied there
    assert by_person[other.gid]["sharedOrganizations"] == []
    removed = await api.ok(UNAFFILIATE, {"org": org_id, "role": "STUDY"}, as_=colleague)
    assert removed["removeAffiliation"] == {
        "changed": True,
        "person": {"affiliations": [{"role": "WORK"}]},
    }
    again = await api.ok(UNAFFILIATE, {"org": org_id, "role": "STUDY"}, as_=colleague)
    assert again["removeAffiliation"]["changed"] is False


async def test_search_matches_the_start_of_each_word(api: Api) -> None:
    """Organizations search as people do: every word of the term starts a word of the
    name, in any case; the middle of a word finds nothing."""
    admin = await api.member()
    tag = admin.handle[-8:]
    for name in (f"Nordvik {tag} Robotics", f"Søndre {tag} Robot Works", f"{tag} Carobotics"):
        await api.ok(CREATE, {"name": name, "kind": "COMPANY", "url": None}, as_=admin)

    async def names(term: str) -> list[str]:
        page = (await api.ok(SEARCH_ALL, {"q": term}))["organizations"]
        assert page["totalCount"] == len(page["edges"])
        return [e["node"]["name"] for e in page["edges"]]

    assert await names(f"{tag} robot") == [f"Nordvik {tag} Robotics", f"Søndre {tag} Robot Works"]
    assert await names(f"ROBOTICS {tag}") == [f"Nordvik {tag} Robotics"]
    assert await names(f"{tag} søndre") == [f"Søndre {tag} Robot Works"]
    assert await names(f"{tag} botics") == []  # inside a word: not a match
    assert await names(f"{tag} works nordvik") == []  # every word must match


SEARCH_ALL = """query($q: String!) { organizations(search: $q, first: 100) {
  totalCount edges { node { name } } } }"""
