"""The load generator's script (locust): a realistic mix of reads and a few writes,
each user signed in as a person of the benchmark network.

`linkgraph.bench.loadgen` runs it; LINKGRAPH_LOAD_PLAN names a JSON file with the people and
their tokens (locust imports this file itself, so nothing of the service is imported).
"""

import json
import os
import random

from locust import FastHttpUser, constant, task

with open(os.environ["LINKGRAPH_LOAD_PLAN"]) as plan_file:
    PLAN = json.load(plan_file)

PERSON = "query($id: ID!) { node(id: $id) { ... on Person { name headline connectionCount } } }"
FEED = "{ viewer { feed { edges { reason node { text createdAt } } } } }"
CONNECTIONS = "{ viewer { connections { edges { node { name headline } } } } }"
SECOND = "{ viewer { secondDegree(first: 10) { edges { mutualConnectionCount node { name } } } } }"
RELATIONSHIP = "query($id: ID!) { node(id: $id) { ... on Person { relationship { degree "
RELATIONSHIP += "primaryAction } } } }"
FOLLOW = "mutation($id: ID!) { followPerson(input: {personId: $id}) { following } }"
POST = 'mutation { createPost(input: {text: "Load test"}) { post { id } } }'


class Member(FastHttpUser):
    wait_time = constant(0)  # closed loop: each user sends its next request at once

    def on_start(self) -> None:
        self.me = random.choice(PLAN["people"])
        self.headers = {"Authorization": f"Bearer {self.me['token']}"}

    def graphql(self, name: str, query: str, variables: dict | None = None) -> None:
        body = {"query": query, "variables": variables or {}}
        with self.client.post(
            "/graphql", json=body, headers=self.headers, name=name, catch_response=True
        ) as response:
            answer = response.json() if response.status_code == 200 else None
            if not isinstance(answer, dict) or "errors" in answer:
                response.failure((response.text or "")[:200])

    def other(self) -> str:
        """Someone else: following oneself is refused, and would count as a failure."""
        while (person := random.choice(PLAN["people"])) is self.me and len(PLAN["people"]) > 1:
            pass
        return person["gid"]

    @task(40)
    def person(self) -> None:
        self.graphql("person by id", PERSON, {"id": self.other()})

    @task(20)
    def feed(self) -> None:
        self.graphql("feed", FEED)

    @task(15)
    def connections(self) -> None:
        self.graphql("connections page", CONNECTIONS)

    @task(10)
    def relationship(self) -> None:
        self.graphql("relationship", RELATIONSHIP, {"id": self.other()})

    @task(8)
    def second_degree(self) -> None:
        self.graphql("second degree", SECOND)

    @task(5)
    def follow(self) -> None:
        self.graphql("follow", FOLLOW, {"id": self.other()})

    @task(2)
    def post(self) -> None:
        self.graphql("post", POST)
