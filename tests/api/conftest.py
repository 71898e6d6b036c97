"""The generated network the network and suggestion tests compare against."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import pytest
from neo4j import AsyncGraphDatabase

from graphdb import bulk, generate
from graphdb.graph import Graph
from graphdb.localstore import DATABASE, USER, StoreInfo
from linkgraph.auth import new_subject
from resolvers.ids import global_id
from tests.conftest import Api, Member


@dataclass
class Generated:
    net: bulk.Network
    graph: nx.Graph
    since: dict[frozenset, int]
    follows: set[tuple[str, str]]
    pending: dict[frozenset, tuple[str, str]]  # pair -> (sender, recipient)
    names: dict[str, str]

    def member(self, api: Api, person_id: str) -> Member:
        return Member(person_id, global_id("Person", person_id), "", api.token_for(person_id))

    def sort_key(self, person_id: str) -> tuple[str, str]:
        return (self.names[person_id].lower(), person_id)


@pytest.fixture(scope="module")
async def gen(store: StoreInfo, api: Api) -> Generated:
    net = generate.generate(
        400, seed=5, mean_degree=8, pending_share=0.05, prefix=new_subject()[:6]
    )
    async with AsyncGraphDatabase.driver(store.uri, auth=(USER, store.password)) as driver:
        await bulk.load(Graph(driver, DATABASE), net)
    g = nx.Graph()
    g.add_nodes_from(p["id"] for p in net.people)
    g.add_edges_from((c["lowId"], c["highId"]) for c in net.connections)
    follows = {(f["followerId"], f["followeeId"]) for f in net.follows}
    follows |= {(a, b) for a, b in g.edges} | {(b, a) for a, b in g.edges}
    return Generated(
        net=net,
        graph=g,
        since={frozenset((c["lowId"], c["highId"])): c["since"] for c in net.connections},
        follows=follows,
        pending={
            frozenset((i["senderId"], i["recipientId"])): (i["senderId"], i["recipientId"])
            for i in net.invitations
            if i["state"] == "PENDING"
        },
        names={p["id"]: p["name"] for p in net.people},
    )
