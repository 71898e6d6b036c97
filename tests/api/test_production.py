"""Production mode and the CORS allow-list."""

from __future__ import annotations

import dataclasses

import pytest
from asgi_lifespan import LifespanManager

from graphdb import demo
from graphdb import people as people_db
from linkgraph.app import create_app
from linkgraph.settings import Settings

FRONTEND = "https://app.example.com"


# Each names something in the schema a typo would have it suggest.
TYPOS = [
    "{ viewr { id } }",  # a field
    "query($n: Strin) { people(first: $n) { totalCount } }",  # a type
    "{ people(frist: 1) { totalCount } }",  # an argument
    "mutation { updateSettings(input: {connectionsVisibilty: ONLY_ME}) { settings { followFirst } } }",  # noqa: E501  an input field
    "mutation { updateSettings(input: {connectionsVisibility: ONLY_M}) { settings { followFirst } } }",  # noqa: E501  an enum value
    "mutation($v: ConnectionsVisibility) { updateSettings(input: {connectionsVisibility: $v}) "
    "{ settings { followFirst } } }",  # an enum value in a variable
]


async def test_production_suggests_nothing(make_api) -> None:
    async with make_api(production=True, introspection=False) as api:
        for typo in TYPOS:
            body = await api.gql(typo, {"v": "ONLY_M"})
            assert body["errors"], typo
            for error in body["errors"]:
                assert "mean" not in error["message"], typo
                assert error["extensions"]["code"] in {"GRAPHQL_VALIDATION_FAILED",
                                                       "BAD_USER_INPUT"}  # fmt: skip
    # Development does suggest, so each typo above really would have named something.
    async with make_api() as api:
        for typo in TYPOS:
            errors = (await api.gql(typo, {"v": "ONLY_M"}))["errors"]
            assert any("Did you mean" in e["message"] for e in errors), typo


async def test_production_hides_the_playground_and_suggestions(make_api) -> None:
    async with make_api(production=True, introspection=False, cors_origins=(FRONTEND,)) as api:
        page = await api.client.get("/graphql", headers={"Accept": "text/html"})
        assert "graphiql" not in page.text.lower()
        typo = (await api.gql("{ viewr { id } }"))["errors"][0]
        assert "Did you mean" not in typo["message"]
        assert typo["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
        introspection = await api.gql("{ __schema { types { name } } }")
        assert introspection["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
        assert (await api.ok("{ viewer { id } }")) == {"viewer": None}


async def test_development_keeps_them(api) -> None:
    typo = (await api.gql("{ viewr { id } }"))["errors"][0]
    assert "Did you mean 'viewer'" in typo["message"]
    assert "errors" not in await api.gql("{ __schema { queryType { name } } }")


async def test_cors_allows_only_listed_origins(make_api) -> None:
    preflight = {"Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "authorization,content-type"}  # fmt: skip
    async with make_api(cors_origins=(FRONTEND,)) as api:
        allowed = await api.client.options("/graphql", headers={"Origin": FRONTEND, **preflight})
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == FRONTEND
        other = await api.client.options(
            "/graphql", headers={"Origin": "https://evil.example", **preflight}
        )
        assert other.status_code == 400
        assert "access-control-allow-origin" not in other.headers
        simple = await api.client.post(
            "/graphql", json={"query": "{ viewer { id } }"}, headers={"Origin": FRONTEND}
        )
        assert simple.headers["access-control-allow-origin"] == FRONTEND
        assert "x-request-id" in simple.headers["access-control-expose-headers"].lower()


async def test_production_refuses_to_start_without_key_material(settings: Settings) -> None:
    app = create_app(dataclasses.replace(settings, production=True, jwt_secret=None))
    with pytest.raises(RuntimeError, match="production mode needs"):
        async with LifespanManager(app):
            pass


def test_production_loads_no_demo_network_unless_asked() -> None:
    assert Settings.from_env({}).demo_data
    assert not Settings.from_env({"LINKGRAPH_PRODUCTION": "true"}).demo_data
    asked = {"LINKGRAPH_PRODUCTION": "true", "LINKGRAPH_DEMO_DATA": "true"}
    assert Settings.from_env(asked).demo_data


async def test_production_never_prints_a_token(api, make_api, capsys, graph) -> None:
    persona = demo.generate().persona_handle
    if await people_db.by_handle(graph, persona) is None:
        await api.member(handle=persona)  # so that there is someone to sign in as
    async with make_api(demo_data=True):
        pass
    assert "Bearer" in capsys.readouterr().out  # development: signed in, ready to paste
    async with make_api(production=True, demo_data=True):
        pass
    printed = capsys.readouterr()
    assert "Bearer" not in printed.out + printed.err
