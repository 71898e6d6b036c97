"""Production mode and the CORS allow-list."""

from __future__ import annotations

import dataclasses

import pytest
from asgi_lifespan import LifespanManager

from linkgraph.app import create_app
from linkgraph.settings import Settings

FRONTEND = "https://app.example.com"


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
