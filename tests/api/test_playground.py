"""GraphiQL's and the explorer's pages and assets come from the service itself; production
has no GraphiQL."""

from __future__ import annotations

from linkgraph import explorer, playground
from tests.conftest import Api


async def test_the_playground_is_served_whole(api: Api) -> None:
    page = await api.client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "https://" not in page.text and "unpkg" not in page.text
    for name in playground.ASSETS:
        assert f"{playground.BASE}/{name}" in page.text
        asset = await api.client.get(f"{playground.BASE}/{name}")
        assert asset.status_code == 200
        assert asset.content == (playground.MODULES / playground.ASSETS[name]).read_bytes()
    licenses = await api.client.get("/graphiql/licenses")
    assert licenses.status_code == 200
    for package in playground.PACKAGES:
        assert f"== {package} " in licenses.text
    assert "MIT" in licenses.text


async def test_only_the_listed_assets_are_served(api: Api) -> None:
    for name in ("package.json", "..%2Fpackage.json", "graphiql%2Fpackage.json", "nope.js"):
        response = await api.client.get(f"{playground.BASE}/{name}")
        assert response.status_code == 404, name


async def test_production_serves_no_playground(make_api) -> None:
    async with make_api(production=True) as prod:
        page = await prod.client.get("/graphql", headers={"Accept": "text/html"})
        assert page.status_code in (400, 404, 406)
        asset = await prod.client.get(f"{playground.BASE}/graphiql.min.js")
        assert asset.status_code == 404


async def test_the_explorer_is_served_whole_and_offers_no_persona_in_production(
    make_api,
) -> None:
    async with make_api(production=True) as prod:
        page = await prod.client.get("/explore")
        assert page.status_code == 200
        assert "https://" not in page.text
        # no demo persona, so no token, in the page's config
        assert '"persona": null' in page.text and "Bearer" not in page.text
        for name, path in explorer.ASSETS.items():
            assert f"{explorer.BASE}/{name}" in page.text
            asset = await prod.client.get(f"{explorer.BASE}/{name}")
            assert asset.status_code == 200
            assert asset.content == path.read_bytes()
        for name in ("package.json", "..%2Fexplore.html", "cytoscape.js"):
            assert (await prod.client.get(f"{explorer.BASE}/{name}")).status_code == 404
        licenses = await prod.client.get("/explore/licenses")
        assert "== cytoscape " in licenses.text and "MIT" in licenses.text
