"""Whole-network analytics, for analysts: runs over snapshots and what they measured."""

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay

from analytics.results import Community as CommunityRecord
from analytics.results import PersonMeasures, Results
from analytics.runs import Run
from resolvers import analytics
from resolvers import people as people_resolvers
from resolvers.context import Info
from resolvers.pagination import Page
from resolvers.time import maybe_datetime, to_datetime
from schema.pagination import CURSOR, After, First, page_info

if TYPE_CHECKING:
    from schema.person import Person

_Person = Annotated["Person", strawberry.lazy("schema.person")]


def _person_type() -> Any:
    from schema.person import Person

    return Person


@strawberry.enum(description="Where an analytics run is.")
class AnalyticsRunState(Enum):
    QUEUED = strawberry.enum_value("QUEUED", description="Accepted, waiting to start.")
    RUNNING = strawberry.enum_value("RUNNING", description="Taking its snapshot or computing.")
    SUCCEEDED = strawberry.enum_value("SUCCEEDED", description="Finished: its results can be read.")
    FAILED = strawberry.enum_value("FAILED", description="Stopped by an error (see `error`).")
    CANCELLED = strawberry.enum_value("CANCELLED", description="Cancelled before it finished.")


@strawberry.enum(description="The length of a time series' periods (UTC).")
class Period(Enum):
    DAY = strawberry.enum_value("DAY", description="Calendar days (UTC).")
    WEEK = strawberry.enum_value("WEEK", description="ISO weeks, Monday to Sunday (UTC).")
    MONTH = strawberry.enum_value("MONTH", description="Calendar months (UTC).")


@strawberry.type(description="The copy of the network a run measured.")
class Snapshot:
    id: strawberry.ID = strawberry.field(description="The snapshot's id (its folder's name).")
    taken_at: datetime = strawberry.field(description="When the snapshot began.")
    people: int = strawberry.field(description="People in it.")
    connections: int = strawberry.field(description="Connections in it.")
    follows: int = strawberry.field(description="Person-to-person follows in it.")
    invitations: int = strawberry.field(description="Invitations in it, in every state.")
    posts: int = strawberry.field(description="Posts in it.")
    organizations: int = strawberry.field(description="Organizations in it.")
    affiliations: int = strawberry.field(description="Person-organization affiliations.")
    blocks: int = strawberry.field(description="Blocks (counted only: who blocks whom is private).")

    @classmethod
    def of(cls, summary: dict[str, Any]) -> "Snapshot":
        rows = summary["rows"]
        return cls(
            id=strawberry.ID(summary["id"]),
            taken_at=to_datetime(summary["takenAt"]),
            people=rows["people"],
            connections=rows["connections"],
            follows=rows["follows"],
            invitations=rows["invitations"],
            posts=rows["posts"],
            organizations=rows["organizations"],
            affiliations=rows["affiliations"],
            blocks=summary["blocks"],
        )


@strawberry.type(description="The connection graph's size and shape.")
class NetworkOverview:
    people: int = strawberry.field(description="People.")
    connections: int = strawberry.field(description="Connections (mutual, by invitation).")
    follows: int = strawberry.field(description="Follows between people (one-way or mutual).")
    density: float = strawberry.field(description="Connections over possible pairs.")
    components: int = strawberry.field(description="Connected components (lone people count).")
    largest_component: int = strawberry.field(description="People in the largest component.")
    largest_component_share: float = strawberry.field(description="Its share of everyone.")
    average_clustering: float = strawberry.field(
        description="Mean local clustering coefficient (0 for people with under 2 connections)."
    )
    transitivity: float = strawberry.field(description="Global clustering: 3 x triangles / triads.")
    triangles: int = strawberry.field(description="Triangles of connections.")
    degree_assortativity: float | None = strawberry.field(
        description="Do the well connected connect to each other (Newman's r); null if undefined."
    )
    max_core: int = strawberry.field(description="The largest k with a non-empty k-core.")
    max_core_size: int = strawberry.field(description="People in that k-core.")
    average_path_length: float | None = strawberry.field(
        description="Mean shortest path inside the largest component (sampled BFS)."
    )
    effective_diameter: int | None = strawberry.field(
        description="Hops within which 90% of the sampled pairs lie."
    )
    distance_sources: int = strawberry.field(description="BFS sources behind the two above.")
    distance_exact: bool = strawberry.field(description="Whether every person was a source.")

    @classmethod
    def of(cls, o: dict[str, Any]) -> "NetworkOverview":
        return cls(
            people=o["people"],
            connections=o["connections"],
            follows=o["follows"],
            density=o["density"],
            components=o["components"],
            largest_component=o["largestComponent"],
            largest_component_share=o["largestComponentShare"],
            average_clustering=o["averageClustering"],
            transitivity=o["transitivity"],
            triangles=o["triangles"],
            degree_assortativity=o["degreeAssortativity"],
            max_core=o["maxCore"],
            max_core_size=o["maxCoreSize"],
            average_path_length=o["averagePathLength"],
            effective_diameter=o["effectiveDiameter"],
            distance_sources=o["distanceSources"],
            distance_exact=o["distanceExact"],
        )


@strawberry.type(description="One bin of a log-binned histogram: values lower..upper.")
class HistogramBin:
    lower: int = strawberry.field(description="The smallest value in the bin.")
    upper: int = strawberry.field(description="The largest value in the bin.")
    count: int = strawberry.field(description="How many values fall in it.")


@strawberry.type(description="A discrete power-law fit (Clauset, Shalizi and Newman).")
class PowerLawFit:
    alpha: float = strawberry.field(description="The exponent.")
    sigma: float = strawberry.field(description="The exponent's standard error.")
    xmin: int = strawberry.field(description="Where the power-law tail begins.")
    loglikelihood_ratio: float = strawberry.field(
        description="Normalized log-likelihood ratio against a log-normal (positive: power law)."
    )
    p_value: float = strawberry.field(description="The ratio's significance.")
    beats_log_normal: bool = strawberry.field(description="Ratio positive with p below 0.1.")
    sampled: bool = strawberry.field(description="Fitted on a seeded sample of 50,000 values.")


@strawberry.type(description="How a count is spread over people.")
class Distribution:
    count: int = strawberry.field(description="How many values.")
    min: int | None = strawberry.field(description="The smallest.")
    max: int | None = strawberry.field(description="The largest.")
    mean: float | None = strawberry.field(description="The mean.")
    p50: float | None = strawberry.field(description="The median.")
    p90: float | None = strawberry.field(description="The 90th percentile.")
    p99: float | None = strawberry.field(description="The 99th percentile.")
    histogram: list[HistogramBin] = strawberry.field(
        description="Bins 0, 1, 2-3, 4-7, ...: at most 64."
    )
    power_law: PowerLawFit | None = strawberry.field(
        description="The fit of the positive values; null if too few or not asked."
    )

    @classmethod
    def of(cls, d: dict[str, Any]) -> "Distribution":
        fit = d.get("powerLaw")
        return cls(
            count=d["count"],
            min=d["min"],
            max=d["max"],
            mean=d["mean"],
            p50=d["p50"],
            p90=d["p90"],
            p99=d["p99"],
            histogram=[HistogramBin(**b) for b in d["histogram"]],
            power_law=PowerLawFit(
                alpha=fit["alpha"],
                sigma=fit["sigma"],
                xmin=fit["xmin"],
                loglikelihood_ratio=fit["loglikelihoodRatio"],
                p_value=fit["pValue"],
                beats_log_normal=fit["beatsLogNormal"],
                sampled=fit["sampled"],
            )
            if fit
            else None,
        )


@strawberry.type(description="Degree and suggestion distributions.")
class Distributions:
    connections: Distribution = strawberry.field(description="Connections per person.")
    followers: Distribution = strawberry.field(description="Followers per person.")
    following: Distribution = strawberry.field(description="People each person follows.")
    suggestion_mutuals: Distribution = strawberry.field(
        description="Mutual connections with each person two steps away, for a sample of people."
    )
    suggestion_sample: int = strawberry.field(description="People in that sample.")

    @classmethod
    def of(cls, d: dict[str, Any]) -> "Distributions":
        return cls(
            connections=Distribution.of(d["connections"]),
            followers=Distribution.of(d["followers"]),
            following=Distribution.of(d["following"]),
            suggestion_mutuals=Distribution.of(d["suggestionMutuals"]),
            suggestion_sample=d["suggestionSample"],
        )


@strawberry.type(description="A person many follow and few are connected to.")
class FollowNotConnectEdge:
    cursor: str = strawberry.field(description=CURSOR)
    person_id: strawberry.Private[str]
    followers: int = strawberry.field(description="Their followers.")
    connections: int = strawberry.field(description="Their connections.")
    ratio: float = strawberry.field(description="Followers per connection (+1).")

    @strawberry.field(description="The person; null if they have left or are hidden.")
    async def node(self, info: Info) -> _Person | None:
        return _person_type().maybe(await people_resolvers.person_by_id(info, self.person_id))


@strawberry.type(description="A page of the follow-don't-connect list, highest ratio first.")
class FollowNotConnectConnection:
    edges: list[FollowNotConnectEdge] = strawberry.field(description="This page.")
    page_info: relay.PageInfo = strawberry.field(description="Where this page sits.")


@strawberry.type(description="Following (one-way, no approval) against connecting (mutual).")
class FollowingVersusConnecting:
    run: strawberry.Private[Run]
    rows: strawberry.Private[list[dict[str, Any]]]
    follows: int = strawberry.field(description="Follows between people.")
    one_way_follows: int = strawberry.field(description="Follows not followed back.")
    one_way_share: float | None = strawberry.field(description="Their share of all follows.")
    reciprocity: float | None = strawberry.field(description="Share of follows followed back.")
    follows_made_by_connecting: int = strawberry.field(
        description="Follows that accepting an invitation made."
    )
    connections: int = strawberry.field(description="Connections.")
    connections_following_both_ways: int = strawberry.field(
        description="Connections where both still follow each other."
    )
    connections_following_one_way: int = strawberry.field(
        description="Connections where one of the two unfollowed the other."
    )
    connections_following_neither: int = strawberry.field(
        description="Connections where both unfollowed (connected, not subscribed)."
    )
    follows_then_connected: int = strawberry.field(
        description="Follows that came first and later became a connection."
    )
    median_follow_to_connect_seconds: float | None = strawberry.field(
        description="Median time from such a follow to the connection."
    )

    @strawberry.field(
        description="People many follow but few are connected to (at least 10 followers)."
    )
    def follow_not_connect(
        self, info: Info, first: First = 20, after: After = None
    ) -> FollowNotConnectConnection:
        page = analytics.series(info, self.run, self.rows, "followNotConnect", first, after)
        return FollowNotConnectConnection(
            edges=[
                FollowNotConnectEdge(
                    cursor=c,
                    person_id=r["id"],
                    followers=r["followers"],
                    connections=r["connections"],
                    ratio=r["ratio"],
                )
                for r, c in page.items
            ],
            page_info=page_info(page),
        )

    @classmethod
    def of(cls, run: Run, f: dict[str, Any]) -> "FollowingVersusConnecting":
        return cls(
            run=run,
            rows=f["followNotConnect"],
            follows=f["follows"],
            one_way_follows=f["oneWayFollows"],
            one_way_share=f["oneWayShare"],
            reciprocity=f["reciprocity"],
            follows_made_by_connecting=f["followsMadeByConnecting"],
            connections=f["connections"],
            connections_following_both_ways=f["connectionsFollowingBothWays"],
            connections_following_one_way=f["connectionsFollowingOneWay"],
            connections_following_neither=f["connectionsFollowingNeither"],
            follows_then_connected=f["followsThenConnected"],
            median_follow_to_connect_seconds=f["medianFollowToConnectSeconds"],
        )


@strawberry.type(description="Invitations between people who did or did not share a connection.")
class InvitationCohort:
    sent: int = strawberry.field(description="Invitations sent.")
    accepted: int = strawberry.field(description="Of them, accepted.")
    acceptance_rate: float | None = strawberry.field(description="Accepted of those answered.")


@strawberry.type(description="The invitations sent in one period, by what became of them.")
class InvitationPeriod:
    start: datetime = strawberry.field(description="The period's first moment (UTC).")
    sent: int = strawberry.field(description="Sent in the period.")
    accepted: int = strawberry.field(description="Of them, accepted since.")
    ignored: int = strawberry.field(description="Of them, ignored.")
    withdrawn: int = strawberry.field(description="Of them, withdrawn.")
    pending: int = strawberry.field(description="Of them, still pending.")


@strawberry.type(description="One period of invitations.")
class InvitationPeriodEdge:
    cursor: str = strawberry.field(description=CURSOR)
    node: InvitationPeriod = strawberry.field(description="The period.")


@strawberry.type(description="A page of periods, oldest first.")
class InvitationPeriodConnection:
    edges: list[InvitationPeriodEdge] = strawberry.field(description="This page.")
    page_info: relay.PageInfo = strawberry.field(description="Where this page sits.")


@strawberry.type(description="How invitations convert.")
class InvitationFunnel:
    run: strawberry.Private[Run]
    periods: strawberry.Private[dict[str, list[dict[str, Any]]]]
    sent: int = strawberry.field(description="Invitations sent, in every state.")
    accepted: int = strawberry.field(description="Accepted.")
    ignored: int = strawberry.field(description="Ignored.")
    withdrawn: int = strawberry.field(description="Withdrawn by their sender.")
    pending: int = strawberry.field(description="Still waiting.")
    acceptance_rate: float | None = strawberry.field(
        description="Accepted of those answered (accepted or ignored)."
    )
    time_to_accept_p50_seconds: float | None = strawberry.field(
        description="Median time to accept."
    )
    time_to_accept_p90_seconds: float | None = strawberry.field(
        description="90th percentile of the time to accept."
    )
    received: Distribution = strawberry.field(
        description="Invitations received per person (everyone, zeros included)."
    )
    with_mutuals: InvitationCohort = strawberry.field(
        description="Sent to someone sharing a connection at the time."
    )
    without_mutuals: InvitationCohort = strawberry.field(
        description="Sent to someone sharing no connection at the time."
    )

    @strawberry.field(description="Invitations by the period they were sent in, oldest first.")
    def by_period(
        self,
        info: Info,
        period: Annotated[Period, strawberry.argument(description="Days, weeks or months.")],
        first: First = 20,
        after: After = None,
    ) -> InvitationPeriodConnection:
        name = f"invitations{period.name}"
        page = analytics.series(info, self.run, self.periods[period.name], name, first, after)
        return InvitationPeriodConnection(
            edges=[
                InvitationPeriodEdge(
                    cursor=c,
                    node=InvitationPeriod(
                        start=to_datetime(r["period"]),
                        sent=r["sent"],
                        accepted=r["accepted"],
                        ignored=r["ignored"],
                        withdrawn=r["withdrawn"],
                        pending=r["pending"],
                    ),
                )
                for r, c in page.items
            ],
            page_info=page_info(page),
        )

    @classmethod
    def of(cls, run: Run, i: dict[str, Any]) -> "InvitationFunnel":
        def cohort(c: dict[str, Any]) -> InvitationCohort:
            return InvitationCohort(
                sent=c["sent"], accepted=c["accepted"], acceptance_rate=c["acceptanceRate"]
            )

        return cls(
            run=run,
            periods=i["series"],
            sent=i["sent"],
            accepted=i["accepted"],
            ignored=i["ignored"],
            withdrawn=i["withdrawn"],
            pending=i["pending"],
            acceptance_rate=i["acceptanceRate"],
            time_to_accept_p50_seconds=i["timeToAcceptP50Seconds"],
            time_to_accept_p90_seconds=i["timeToAcceptP90Seconds"],
            received=Distribution.of(i["received"]),
            with_mutuals=cohort(i["withMutuals"]),
            without_mutuals=cohort(i["withoutMutuals"]),
        )


@strawberry.type(description="What the network gained in one period.")
class GrowthPeriod:
    start: datetime = strawberry.field(description="The period's first moment (UTC).")
    people: int = strawberry.field(description="People who joined.")
    connections: int = strawberry.field(description="Connections made.")
    follows: int = strawberry.field(description="Follows made (connecting makes two).")
    one_way_follows: int = strawberry.field(description="Of them, follows without connecting.")
    posts: int = strawberry.field(description="Posts written.")


@strawberry.type(description="One period of growth.")
class GrowthEdge:
    cursor: str = strawberry.field(description=CURSOR)
    node: GrowthPeriod = strawberry.field(description="The period.")


@strawberry.type(description="A page of growth periods, oldest first.")
class GrowthConnection:
    edges: list[GrowthEdge] = strawberry.field(description="This page.")
    page_info: relay.PageInfo = strawberry.field(description="Where this page sits.")


@strawberry.type(description="A community found by Louvain on the connection graph.")
class Community:
    number: int = strawberry.field(description="Its number in this run: 0 is the largest.")
    size: int = strawberry.field(description="Its members.")
    internal_connections: int = strawberry.field(description="Connections inside it.")
    density: float = strawberry.field(description="Internal connections over possible pairs.")
    member_ids: strawberry.Private[list[str]]

    @strawberry.field(description="Its most influential members by PageRank (at most 10).")
    async def top_members(self, info: Info) -> list[_Person]:
        found = await people_resolvers.people_by_ids(info, self.member_ids)
        return [_person_type().from_record(r) for r in found if r is not None]

    @classmethod
    def of(cls, c: CommunityRecord) -> "Community":
        return cls(
            number=c.id,
            size=c.size,
            internal_connections=c.internal_connections,
            density=c.density,
            member_ids=c.top_members,
        )


@strawberry.type(description="A page of communities, largest first.")
class CommunityConnection:
    edges: list["CommunityEdge"] = strawberry.field(description="This page.")
    page_info: relay.PageInfo = strawberry.field(description="Where this page sits.")


@strawberry.type(description="One community.")
class CommunityEdge:
    cursor: str = strawberry.field(description=CURSOR)
    node: Community = strawberry.field(description="The community.")


@strawberry.type(description="A person's place in the network, as one run measured it.")
class PersonAnalytics:
    rank: int = strawberry.field(description="Their PageRank position: 1 is the highest.")
    pagerank: float = strawberry.field(description="PageRank on the follow graph (sums to 1).")
    community: int = strawberry.field(description="Their community's number (0: the largest).")
    core_number: int = strawberry.field(description="The largest k whose k-core holds them.")
    clustering: float = strawberry.field(description="Local clustering coefficient.")
    betweenness: float = strawberry.field(
        description=(
            "Normalized betweenness on the connection graph: exact on small networks, else "
            "from random shortest paths, within 0.01 of the exact value with probability 0.99."
        )
    )
    connections: int = strawberry.field(description="Connections in the snapshot.")
    followers: int = strawberry.field(description="Followers in the snapshot.")
    following: int = strawberry.field(description="People followed in the snapshot.")

    @classmethod
    def of(cls, m: PersonMeasures) -> "PersonAnalytics":
        return cls(
            rank=m.rank,
            pagerank=m.pagerank,
            community=m.community,
            core_number=m.core_number,
            clustering=m.clustering,
            betweenness=m.betweenness,
            connections=m.connections,
            followers=m.followers,
            following=m.following,
        )

    @classmethod
    def maybe(cls, m: PersonMeasures | None) -> "PersonAnalytics | None":
        return cls.of(m) if m is not None else None


@strawberry.type(description="A person ranked by influence.")
class InfluencerEdge:
    cursor: str = strawberry.field(description=CURSOR)
    analytics: PersonAnalytics = strawberry.field(description="Their measures.")
    person_id: strawberry.Private[str]

    @strawberry.field(description="The person; null if they have left or are hidden.")
    async def node(self, info: Info) -> _Person | None:
        return _person_type().maybe(await people_resolvers.person_by_id(info, self.person_id))


@strawberry.type(description="A page of people by PageRank, highest first.")
class InfluencerConnection:
    edges: list[InfluencerEdge] = strawberry.field(description="This page.")
    page_info: relay.PageInfo = strawberry.field(description="Where this page sits.")


def _growth_page(page: Page[dict[str, Any]]) -> GrowthConnection:
    return GrowthConnection(
        edges=[
            GrowthEdge(
                cursor=c,
                node=GrowthPeriod(
                    start=to_datetime(r["period"]),
                    people=r["people"],
                    connections=r["connections"],
                    follows=r["follows"],
                    one_way_follows=r["one_way_follows"],
                    posts=r["posts"],
                ),
            )
            for r, c in page.items
        ],
        page_info=page_info(page),
    )


@strawberry.type(description="One analytics run: a snapshot of the network and its measures.")
class AnalyticsRun:
    record: strawberry.Private[Run]
    id: strawberry.ID = strawberry.field(description="The run's id.")
    state: AnalyticsRunState = strawberry.field(description="Where the run is.")
    progress: float = strawberry.field(description="From 0 to 1.")
    stage: str | None = strawberry.field(description="What it is doing (or last did).")
    fresh: bool = strawberry.field(description="Whether it took a new snapshot.")
    created_at: datetime = strawberry.field(description="When it was asked for.")
    started_at: datetime | None = strawberry.field(description="When it began.")
    finished_at: datetime | None = strawberry.field(description="When it ended.")
    error: str | None = strawberry.field(description="Why it failed, if it did.")

    @classmethod
    def of(cls, run: Run) -> "AnalyticsRun":
        return cls(
            record=run,
            id=strawberry.ID(run.id),
            state=AnalyticsRunState(run.state),
            progress=run.progress,
            stage=run.stage,
            fresh=run.fresh,
            created_at=to_datetime(run.created_at_ms),
            started_at=maybe_datetime(run.started_at_ms),
            finished_at=maybe_datetime(run.finished_at_ms),
            error=run.error,
        )

    @classmethod
    def maybe(cls, run: Run | None) -> "AnalyticsRun | None":
        return cls.of(run) if run is not None else None

    def _results(self, info: Info) -> Results | None:
        return analytics.results(info, self.record)

    @strawberry.field(description="The snapshot it measured; null until it succeeds.")
    def snapshot(self, info: Info) -> Snapshot | None:
        found = self._results(info)
        return Snapshot.of(found.summary["snapshot"]) if found else None

    @strawberry.field(description="Size and shape; null until it succeeds.")
    def overview(self, info: Info) -> NetworkOverview | None:
        found = self._results(info)
        return NetworkOverview.of(found.summary["overview"]) if found else None

    @strawberry.field(description="Degree distributions; null until it succeeds.")
    def distributions(self, info: Info) -> Distributions | None:
        found = self._results(info)
        return Distributions.of(found.summary["distributions"]) if found else None

    @strawberry.field(description="Following against connecting; null until it succeeds.")
    def following_versus_connecting(self, info: Info) -> FollowingVersusConnecting | None:
        found = self._results(info)
        if found is None:
            return None
        return FollowingVersusConnecting.of(self.record, found.summary["followingVersusConnecting"])

    @strawberry.field(description="The invitation funnel; null until it succeeds.")
    def invitations(self, info: Info) -> InvitationFunnel | None:
        found = self._results(info)
        return InvitationFunnel.of(self.record, found.summary["invitations"]) if found else None

    @strawberry.field(description="New people, connections, follows and posts per period.")
    def growth(
        self,
        info: Info,
        period: Annotated[Period, strawberry.argument(description="Days, weeks or months.")],
        first: First = 20,
        after: After = None,
    ) -> GrowthConnection | None:
        found = self._results(info)
        if found is None:
            return None
        rows = found.summary["growth"][period.value]
        return _growth_page(
            analytics.series(info, self.record, rows, f"growth{period.value}", first, after)
        )

    @strawberry.field(description="People by PageRank on the follow graph, highest first.")
    async def influencers(
        self, info: Info, first: First = 20, after: After = None
    ) -> InfluencerConnection | None:
        found = self._results(info)
        if found is None:
            return None
        found = await analytics.with_tables(found)
        page = analytics.influencers(info, self.record, found, first, after)
        return InfluencerConnection(
            edges=[
                InfluencerEdge(cursor=c, analytics=PersonAnalytics.of(m), person_id=m.id)
                for m, c in page.items
            ],
            page_info=page_info(page),
        )

    @strawberry.field(description="Communities (Louvain), largest first.")
    async def communities(
        self, info: Info, first: First = 20, after: After = None
    ) -> CommunityConnection | None:
        found = self._results(info)
        if found is None:
            return None
        found = await analytics.with_tables(found)
        page = analytics.communities(info, self.record, found, first, after)
        return CommunityConnection(
            edges=[CommunityEdge(cursor=c, node=Community.of(m)) for m, c in page.items],
            page_info=page_info(page),
        )

    @strawberry.field(description="How many communities were found.")
    def community_count(self, info: Info) -> int | None:
        found = self._results(info)
        return found.summary["communities"]["count"] if found else None

    @strawberry.field(description="The partition's modularity.")
    def modularity(self, info: Info) -> float | None:
        found = self._results(info)
        return found.summary["communities"]["modularity"] if found else None


@strawberry.type(description="One run.")
class AnalyticsRunEdge:
    cursor: str = strawberry.field(description=CURSOR)
    node: AnalyticsRun = strawberry.field(description="The run.")


@strawberry.type(description="A page of runs, newest first.")
class AnalyticsRunConnection:
    edges: list[AnalyticsRunEdge] = strawberry.field(description="This page.")
    page_info: relay.PageInfo = strawberry.field(description="Where this page sits.")


@strawberry.type(description="Whole-network analytics (analyst role only).")
class Analytics:
    @strawberry.field(description="Every run, newest first.")
    def runs(self, info: Info, first: First = 20, after: After = None) -> AnalyticsRunConnection:
        page = analytics.runs(info, first, after)
        return AnalyticsRunConnection(
            edges=[AnalyticsRunEdge(cursor=c, node=AnalyticsRun.of(r)) for r, c in page.items],
            page_info=page_info(page),
        )

    @strawberry.field(
        description="The newest run; with `succeeded: true`, the newest that succeeded."
    )
    def latest_run(
        self,
        info: Info,
        succeeded: Annotated[
            bool,
            strawberry.argument(
                description="Skip runs that are under way, failed or were cancelled."
            ),
        ] = False,
    ) -> AnalyticsRun | None:
        return AnalyticsRun.maybe(analytics.latest_run(info, succeeded))

    @strawberry.field(description="A run by id; null if unknown.")
    def run(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The run's id.")],
    ) -> AnalyticsRun | None:
        return AnalyticsRun.maybe(analytics.run(info, str(id)))


@strawberry.input(description="Start a run.")
class StartAnalyticsRunInput:
    fresh: bool = strawberry.field(
        default=False,
        description="Take a new snapshot (otherwise the newest one is measured, if any).",
    )


@strawberry.input(description="Cancel a run.")
class CancelAnalyticsRunInput:
    id: strawberry.ID = strawberry.field(description="The run's id.")


def analytics_root(info: Info) -> Analytics:
    analytics.backend(info)  # FORBIDDEN before anything is read
    return Analytics()
