"""Networks for the analytics tests, written straight into snapshots (no store): a
networkx graph of connections, follows, invitations and posts, with times."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence
from pathlib import Path

import networkx as nx

from analytics.snapshot import Snapshot, SnapshotWriter
from analytics.tables import TABLES

T0 = 1_767_225_600_000  # 2026-01-01
DAY = 86_400_000
WIKI_VOTE = (
    Path(__file__).resolve().parents[3] / "shared" / "data" / "snap-wiki-vote" / "Wiki-Vote.txt"
)
LDBC_KNOWS = (
    Path(__file__).resolve().parents[3]
    / "shared/data/ldbc-snb-sample/vanilla/dynamic/person_knows_person_0_0.csv"
)


@dataclasses.dataclass
class Network:
    """What a snapshot holds, as plain Python for the oracle to read."""

    people: list[str]
    created: dict[str, int]
    connections: list[tuple[str, str, int]]
    follows: list[tuple[str, str, int, bool]]
    invitations: list[dict]
    posts: list[tuple[str, str, int]]

    def connection_graph(self) -> nx.Graph:
        g = nx.Graph()
        g.add_nodes_from(self.people)
        g.add_edges_from((a, b) for a, b, _ in self.connections)
        return g

    def follow_graph(self) -> nx.DiGraph:
        g = nx.DiGraph()
        g.add_nodes_from(self.people)
        g.add_edges_from((a, b) for a, b, _, _ in self.follows)
        return g


def pid(n: object) -> str:
    return f"p{n}"


def from_graph(
    graph: nx.Graph,
    seed: int = 1,
    extra_follows: float = 1.0,
    unfollow: float = 0.1,
    invitations: int = 200,
) -> Network:
    """Connections from `graph`, each with its two follows (some unfollowed later); one-way
    follows drawn toward the well connected; invitations in every state."""
    rng = random.Random(seed)
    people = [pid(n) for n in graph.nodes]
    created = {p: T0 + i * 3_600_000 for i, p in enumerate(people)}
    connections, follows = [], {}
    for u, v in graph.edges:
        if u == v:
            continue
        a, b = sorted((pid(u), pid(v)))
        since = max(created[a], created[b]) + rng.randrange(1, 60) * DAY
        connections.append((a, b, since))
        for x, y in ((a, b), (b, a)):
            if rng.random() < 0.15:  # followed first, connected later
                follows[(x, y)] = (since - rng.randrange(1, 30) * DAY, False)
            elif rng.random() >= unfollow:
                follows[(x, y)] = (since, True)
    ranked = sorted(graph.degree, key=lambda nd: (-nd[1], str(nd[0])))
    hubs = [pid(n) for n, _ in ranked[: max(len(people) // 20, 1)]]
    for _ in range(int(len(people) * extra_follows)):
        x, y = rng.choice(people), rng.choice(hubs)
        if x != y and (x, y) not in follows:
            follows[(x, y)] = (created[x] + rng.randrange(0, 30) * DAY, False)
    states = ["PENDING", "ACCEPTED", "IGNORED", "WITHDRAWN"]
    invites = []
    for i in range(invitations):
        s, r = rng.sample(people, 2)
        state = states[i % 4]
        sent = max(created[s], created[r]) + rng.randrange(0, 90) * DAY
        invites.append(
            {
                "id": f"i{i}",
                "sender": s,
                "recipient": r,
                "state": state,
                "sentAt": sent,
                "acceptedAt": sent + rng.randrange(1, 10 * DAY) if state == "ACCEPTED" else None,
                "ignoredAt": sent + DAY if state == "IGNORED" else None,
                "withdrawnAt": sent + 2 * DAY if state == "WITHDRAWN" else None,
            }
        )
    posts = [
        (f"post{i}", rng.choice(people), T0 + rng.randrange(0, 120) * DAY)
        for i in range(len(people))
    ]
    return Network(
        people,
        created,
        connections,
        [(x, y, since, via) for (x, y), (since, via) in follows.items()],
        invites,
        posts,
    )


def write(network: Network, root: Path, isolated: Sequence[str] = ()) -> Snapshot:
    writer = SnapshotWriter(root, T0 + 400 * DAY)
    people = list(network.people) + list(isolated)
    writer.write(
        "people",
        {
            "id": people,
            "handle": [p.replace("p", "h-", 1) for p in people],
            "name": [f"Person {p}" for p in people],
            "createdAt": [network.created.get(p, T0) for p in people],
            "industry": ["Software"] * len(people),
            "location": [None] * len(people),
        },
    )
    writer.write(
        "connections",
        {
            "a": [c[0] for c in network.connections],
            "b": [c[1] for c in network.connections],
            "since": [c[2] for c in network.connections],
        },
    )
    writer.write(
        "follows",
        {
            "follower": [f[0] for f in network.follows],
            "followee": [f[1] for f in network.follows],
            "since": [f[2] for f in network.follows],
            "viaConnection": [f[3] for f in network.follows],
        },
    )
    writer.write(
        "invitations", {k: [i[k] for i in network.invitations] for k in TABLES["invitations"].names}
    )
    writer.write(
        "posts",
        {
            "id": [p[0] for p in network.posts],
            "author": [p[1] for p in network.posts],
            "authorKind": ["PERSON"] * len(network.posts),
            "createdAt": [p[2] for p in network.posts],
            "visibility": ["PUBLIC"] * len(network.posts),
        },
    )
    for table in ("organizations", "affiliations"):
        writer.write(table, {name: [] for name in TABLES[table].names})
    return writer.finish(blocks=0)


def wiki_vote() -> nx.DiGraph:
    g = nx.DiGraph()
    for line in WIKI_VOTE.read_text().splitlines():
        if line and not line.startswith("#"):
            a, b = line.split()
            g.add_edge(int(a), int(b))
    return g


def ldbc_knows() -> nx.Graph:
    g = nx.Graph()
    lines = LDBC_KNOWS.read_text().splitlines()[1:]
    for line in lines:
        a, b, _ = line.split("|")
        g.add_edge(int(a), int(b))
    return g
