"""A small, plausible demo network, generated deterministically and loaded in batches."""

from __future__ import annotations

import dataclasses
import random
import re
import time
import uuid
from collections import Counter

from faker import Faker

from graphdb import notifications as notifications_db
from graphdb.bulk import Network
from graphdb.bulk import load as load_network
from graphdb.connections import pair_key
from graphdb.generate import DAY_MS, INDUSTRIES, invitation_row, posts_for
from graphdb.graph import Graph, Tx


@dataclasses.dataclass
class DemoNetwork(Network):
    persona_handle: str = ""  # a person with connections and invitations waiting


def generate(size: int = 300, seed: int = 7, now_ms: int | None = None) -> DemoNetwork:
    """A network of `size` people: a few widely followed, connections that cluster
    around popular people, extra one-way follows, pending invitations and posts."""
    rng = random.Random(seed)
    fake = Faker()
    fake.seed_instance(seed)
    now = now_ms if now_ms is not None else int(time.time() * 1000)

    people, handles = [], set()
    for _ in range(size):
        name = fake.name()
        handle = _unique_handle(name, handles, rng)
        people.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "handle": handle,
                "name": name,
                "headline": f"{fake.job()} at {fake.company()}",
                "about": fake.paragraph(nb_sentences=3),
                "location": f"{fake.city()}, {fake.country()}",
                "industry": rng.choice(INDUSTRIES),
                "createdAt": now - rng.randint(30, 3 * 365) * DAY_MS,
            }
        )
    ids = [p["id"] for p in people]
    joined = {p["id"]: p["createdAt"] for p in people}

    def since(a: str, b: str) -> int:
        start = max(joined[a], joined[b])
        return rng.randint(start, now - 1)

    # Connections: each person links to a few others, chosen by a Pareto-distributed
    # pull, which gives the heavy-tailed degrees of real networks.
    pull = [rng.paretovariate(1.1) for _ in range(size)]
    pairs: set[tuple[str, str]] = set()
    for i, a in enumerate(ids):
        for j in rng.choices(range(size), weights=pull, k=rng.randint(1, 8)):
            if i != j:
                pairs.add(tuple(sorted((a, ids[j]))))  # type: ignore[arg-type]
    connections = [{"lowId": a, "highId": b, "since": since(a, b)} for a, b in sorted(pairs)]

    # A handful of widely followed people, plus a few follows of each person's own choosing.
    stars = rng.sample(ids, k=max(1, size // 60))
    follow_pairs: set[tuple[str, str]] = set()
    for a in ids:
        for b in stars:
            if a != b and rng.random() < 0.6:
                follow_pairs.add((a, b))
        for b in rng.sample(ids, k=3):
            if a != b:
                follow_pairs.add((a, b))
    connected = pairs | {(b, a) for a, b in pairs}
    follows = [
        {"followerId": a, "followeeId": b, "since": since(a, b), "viaConnection": False}
        for a, b in sorted(follow_pairs - connected)
    ]

    # The person the banner signs in as: well connected, with invitations waiting.
    degree = Counter(x for pair in pairs for x in pair)
    persona = max(ids, key=lambda i: (degree[i], i))

    # Pending invitations between people not yet connected, at most one per pair;
    # the first few are to the persona.
    strangers = [i for i in ids if i != persona and tuple(sorted((i, persona))) not in pairs]
    wanted = [(a, persona) for a in rng.sample(strangers, k=min(5, len(strangers)))]
    invitations, invited = [], set()
    for _ in range(100 * size):  # bounded: a nearly complete network has few free pairs
        if len(invitations) >= size // 3:
            break
        a, b = wanted.pop() if wanted else rng.sample(ids, k=2)
        key = pair_key(a, b)
        if tuple(sorted((a, b))) in pairs or key in invited:
            continue
        invited.add(key)
        invitation_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        note = rng.choice(
            [
                None,
                None,
                "Great to meet you at the conference!",
                "I'd like to add you to my professional network.",
            ]
        )
        invitations.append(invitation_row(invitation_id, a, b, since(a, b), note))

    handle = next(p["handle"] for p in people if p["id"] == persona)
    name = f"demo:{seed}:{size}"
    network = DemoNetwork(name, people, connections, follows, invitations, persona_handle=handle)
    network.posts = posts_for(people, 2.0, rng, f"demo-{seed}-{size}", now)  # for feeds
    # Organizations draw from a generator of their own: what came before stays the same.
    network.organizations, network.affiliations = _organizations(people, seed)
    return network


def _organizations(people: list[dict], seed: int) -> tuple[list[dict], list[dict]]:
    """A dozen companies everyone's headline names, and a few schools: each person works
    at the one their headline says, and most studied at one."""
    rng = random.Random(seed + 1)
    fake = Faker()
    fake.seed_instance(seed + 1)

    def org(name: str, kind: str) -> dict:
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        return {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "name": name,
            "kind": kind,
            "url": f"https://{slug}.example",
        }

    companies = [org(name, "COMPANY") for name in dict.fromkeys(fake.company() for _ in range(12))]
    schools = [org(f"University of {fake.city()}", "SCHOOL") for _ in range(4)]
    affiliations = []
    for person in people:
        job = person["headline"].rsplit(" at ", 1)[0]
        company = rng.choice(companies)
        person["headline"] = f"{job} at {company['name']}"
        affiliations.append(
            {
                "personId": person["id"],
                "organizationId": company["id"],
                "role": "WORK",
                "year": rng.randint(2008, 2025),
            }
        )
        if rng.random() < 0.8:
            school = rng.choice(schools)
            affiliations.append(
                {
                    "personId": person["id"],
                    "organizationId": school["id"],
                    "role": "STUDY",
                    "year": rng.randint(1995, 2020),
                }
            )
    return companies + schools, affiliations


async def load(graph: Graph, network: DemoNetwork) -> None:
    """Load the network in batches; loading again adds nothing. The pending invitations
    come with their recipients' notifications, so the demo's inboxes are not empty;
    they arrive as the demo does (many invitations are older than the retention)."""
    await load_network(graph, network)
    arrived = int(time.time() * 1000)
    pending = sorted(
        (row for row in network.invitations if row["state"] == "PENDING"),
        key=lambda row: row["sentAt"],
    )
    for i, row in enumerate(pending):
        await graph.write(lambda tx, row=row, at=arrived + i: _notify_invited(tx, row, at))


async def _notify_invited(tx: Tx, row: dict, at: int) -> None:
    await notifications_db.add(
        tx,
        notifications_db.INVITATION_RECEIVED,
        row["recipientId"],
        row["senderId"],
        row["id"],
        at,
        event=(row["id"],),
    )


def _unique_handle(name: str, taken: set[str], rng: random.Random) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:24] or "member"
    handle = base
    while handle in taken:
        handle = f"{base}-{rng.randint(10, 999)}"
    taken.add(handle)
    return handle
