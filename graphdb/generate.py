"""Generated professional networks, deterministic from a seed (loaded by graphdb.bulk).

Degrees are heavy-tailed: each person draws partners by a Pareto-distributed pull, so
most people have tens of connections and a few have thousands. Follows lean on an even
heavier pull, giving a few people very large followings.
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Callable
from typing import Any

from faker import Faker

from graphdb.bulk import Network
from graphdb.connections import pair_key

# 2: made-up repeated draws, so the mean degree is the one asked for
# 3: the heaviest degrees and followings capped
VERSION = 3
DAY_MS = 86_400_000
INDUSTRIES = (
    "Software Development", "Financial Services", "Hospital & Health Care",
    "Higher Education", "Marketing & Advertising", "Renewable Energy", "Biotechnology",
    "Logistics", "Retail", "Design", "Telecommunications", "Media Production",
)  # fmt: skip


def generate(
    size: int,
    *,
    seed: int = 1,
    mean_degree: float = 20.0,
    follows_per_person: float = 3.0,
    pending_share: float = 0.02,
    settled_share: float = 0.03,
    posts_per_person: float = 0.0,
    prefix: str = "gen",
    now_ms: int | None = None,
    max_degree: int = 5_000,
    max_following_share: float = 0.05,
) -> Network:
    """A network of `size` people with `size * mean_degree / 2` connections, about
    `size * pending_share` pending and `size * settled_share` settled invitations (half
    accepted, the rest ignored or withdrawn) and, if asked, about
    `size * posts_per_person` posts (most people post rarely).

    The heavy tails are capped: nobody draws much more than `max_degree` connections
    (a few thousand, well under the service's 30,000 limit; uncapped, one person drew
    810,816 of a million people) or is followed one-way by more than about
    `max_following_share` of everyone (the best-followed people on real networks
    reach a few percent)."""
    rng = random.Random(seed)
    now = now_ms if now_ms is not None else int(time.time() * 1000)
    people = _people(size, rng, prefix, now)
    ids = [p["id"] for p in people]
    joined = [p["createdAt"] for p in people]

    def since(i: int, j: int) -> int:
        return rng.randint(max(joined[i], joined[j]), now - 1)

    connected: set[tuple[int, int]] = set()
    per_person = mean_degree / 2
    draw = _weighted_draw(size, rng, alpha=1.3, draws=size * per_person, most=max_degree)
    for i in range(size):
        for j in draw(max(1, round(rng.expovariate(1 / per_person)))):
            if i != j:
                connected.add((i, j) if i < j else (j, i))
    # Draws that repeat a pair (mostly at the hubs: a quarter of them at a million
    # people) are made up, so the network has the mean degree asked for.
    target = min(round(size * per_person), size * (size - 1) // 2)
    while len(connected) < target:
        i, j = rng.randrange(size), draw(1)[0]
        if i != j:
            connected.add((i, j) if i < j else (j, i))
    connections = [
        {"lowId": ids[i], "highId": ids[j], "since": since(i, j)}
        if ids[i] < ids[j]
        else {"lowId": ids[j], "highId": ids[i], "since": since(i, j)}
        for i, j in sorted(connected)
    ]

    follow_pairs: set[tuple[int, int]] = set()
    draw_star = _weighted_draw(
        size, rng, alpha=0.9, draws=size * follows_per_person, most=max_following_share * size
    )
    for i in range(size):
        for j in draw_star(max(0, round(rng.expovariate(1 / follows_per_person)))):
            pair = (i, j) if i < j else (j, i)
            if i != j and pair not in connected:
                follow_pairs.add((i, j))
    follows = [
        {"followerId": ids[i], "followeeId": ids[j], "since": since(i, j), "viaConnection": False}
        for i, j in sorted(follow_pairs)
    ]

    invitations, invited = [], set()
    for _ in range(int(size * pending_share)):
        i, j = rng.sample(range(size), 2)
        pair = (i, j) if i < j else (j, i)
        if pair in connected or pair in invited:
            continue
        invited.add(pair)
        invitations.append(invitation_row(f"{prefix}-inv-{len(invitations)}", ids[i], ids[j],
                                          since(i, j)))  # fmt: skip
    # A separate random stream: adding settled invitations changed no row drawn before.
    invitations += _settled(
        int(size * settled_share), ids, joined, connections, connected | invited,
        random.Random(f"{seed}:settled"), f"{prefix}-inv-settled", now,
    )  # fmt: skip
    # The version leads: a load resumes by row offsets, so a store holding part of a
    # network from an earlier version of this generator must not be resumed with this one.
    name = f"gen{VERSION}:{prefix}:{seed}:{size}:{mean_degree}:{follows_per_person}:{pending_share}"
    network = Network(name, people, connections, follows, invitations)
    if posts_per_person > 0:
        network.name += f":{posts_per_person}"
        network.posts = posts_for(people, posts_per_person, rng, prefix, now)
    return network


def invitation_row(
    invitation_id: str, sender: str, recipient: str, sent_at: int, note: str | None = None,
    state: str = "PENDING", settled_at: int | None = None,
) -> dict[str, Any]:  # fmt: skip
    """A row for LOAD_INVITATIONS: a pending one holds its pair's pending slot; a settled
    one has the time it left PENDING under its state's name."""
    return {
        "id": invitation_id,
        "senderId": sender,
        "recipientId": recipient,
        "state": state,
        "pendingKey": pair_key(sender, recipient) if state == "PENDING" else None,
        "note": note,
        "sentAt": sent_at,
        "acceptedAt": settled_at if state == "ACCEPTED" else None,
        "ignoredAt": settled_at if state == "IGNORED" else None,
        "withdrawnAt": settled_at if state == "WITHDRAWN" else None,
    }


def _settled(
    count: int, ids: list[str], joined: list[int], connections: list[dict[str, Any]],
    taken: set[tuple[int, int]], rng: random.Random, id_prefix: str, now: int,
) -> list[dict[str, Any]]:  # fmt: skip
    """Half accepted (each the invitation behind a connection, accepted at its `since`),
    the rest ignored or withdrawn between pairs that are not connected."""
    rows: list[dict[str, Any]] = []
    index = {person: n for n, person in enumerate(ids)}
    for c in rng.sample(connections, min(count // 2, len(connections))):
        sender, recipient = rng.sample((c["lowId"], c["highId"]), 2)
        earliest = max(joined[index[sender]], joined[index[recipient]])
        sent = max(earliest, c["since"] - rng.randint(0, 14 * DAY_MS))
        rows.append(invitation_row(f"{id_prefix}-{len(rows)}", sender, recipient, sent,
                                   state="ACCEPTED", settled_at=c["since"]))  # fmt: skip
    taken = set(taken)
    while len(rows) < count and len(ids) > 1:
        i, j = rng.sample(range(len(ids)), 2)
        pair = (i, j) if i < j else (j, i)
        if pair in taken:
            continue
        taken.add(pair)
        sent = rng.randint(max(joined[i], joined[j]), now - 1)
        state = "IGNORED" if rng.random() < 0.7 else "WITHDRAWN"
        rows.append(invitation_row(f"{id_prefix}-{len(rows)}", ids[i], ids[j], sent,
                                   state=state, settled_at=rng.randint(sent, now)))  # fmt: skip
    return rows


def posts_for(
    people: list[dict[str, Any]], per_person: float, rng: random.Random, prefix: str, now: int
) -> list[dict[str, Any]]:
    fake = Faker()
    fake.seed_instance(rng.randint(0, 2**31))
    texts = [fake.paragraph(nb_sentences=3) for _ in range(200)]
    posts = []
    for person in people:
        for _ in range(round(rng.expovariate(1 / per_person))):
            posts.append(
                {
                    "id": f"{prefix}-post-{len(posts)}",
                    "authorId": person["id"],
                    "text": rng.choice(texts),
                    "createdAt": rng.randint(person["createdAt"], now - 1),
                    "visibility": "PUBLIC" if rng.random() < 0.7 else "CONNECTIONS",
                }
            )
    return posts


def _people(size: int, rng: random.Random, prefix: str, now: int) -> list[dict[str, Any]]:
    fake = Faker()
    fake.seed_instance(rng.randint(0, 2**31))
    # Pools keep generation fast at a million people while names still look real.
    firsts = [fake.first_name() for _ in range(500)]
    lasts = [fake.last_name() for _ in range(1000)]
    jobs = [fake.job() for _ in range(300)]
    companies = [fake.company() for _ in range(500)]
    cities = [f"{fake.city()}, {fake.country()}" for _ in range(300)]
    width = len(str(size))
    people = []
    for n in range(size):
        people.append(
            {
                "id": f"{prefix}-{n:0{width}d}",
                "handle": f"{prefix}-{n}",
                "name": f"{rng.choice(firsts)} {rng.choice(lasts)}",
                "headline": f"{rng.choice(jobs)} at {rng.choice(companies)}",
                "location": rng.choice(cities),
                "industry": rng.choice(INDUSTRIES),
                "createdAt": now - rng.randint(30, 5 * 365) * DAY_MS,
            }
        )
    return people


def _weighted_draw(
    size: int, rng: random.Random, alpha: float, draws: float, most: float
) -> Callable[[int], list[int]]:
    """Draws people by Pareto-distributed weights, each capped so that nobody expects
    more than `most` of `draws` draws."""
    weights = [rng.paretovariate(alpha) for _ in range(size)]
    for _ in range(3):  # a cap lowers the total and so raises everyone's share: settle it
        cap = most * sum(weights) / max(draws, 1)
        weights = [min(w, cap) for w in weights]
    cumulative = list(itertools.accumulate(weights))
    population = range(size)
    return lambda k: rng.choices(population, cum_weights=cumulative, k=k)
