"""A finished run's report: one self-contained HTML file (plots as inline SVG, no
scripts, no network), readable offline and attachable to an email."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import jinja2
import matplotlib

matplotlib.use("Agg")  # files only: no display, no GUI toolkit
import matplotlib.pyplot as plt
import numpy as np

from analytics.results import Results

plt.rcParams.update(
    {
        "svg.fonttype": "none",
        "font.size": 10,
        "figure.dpi": 96,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)
_COLORS = ("#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c")
TOP = 20


def _svg(figure: Any) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def degree_plot(distributions: dict[str, Any]) -> str:
    """Each degree distribution log-log (density per bin), with its power-law fit."""
    figure, ax = plt.subplots(figsize=(7, 4.2))
    for color, (name, label) in zip(
        _COLORS,
        (("connections", "connections"), ("followers", "followers"), ("following", "following")),
        strict=False,
    ):
        d = distributions[name]
        bins = [b for b in d["histogram"] if b["lower"] > 0 and b["count"] > 0]
        if not bins:
            continue
        x = np.array([(b["lower"] + b["upper"]) / 2 for b in bins])
        density = np.array([b["count"] / (b["upper"] - b["lower"] + 1) for b in bins]) / d["count"]
        ax.loglog(x, density, "o", color=color, label=label, markersize=5)
        fit = d.get("powerLaw")
        if fit:
            tail = sum(b["count"] for b in d["histogram"] if b["lower"] >= fit["xmin"])
            xs = np.logspace(np.log10(fit["xmin"]), np.log10(max(d["max"], fit["xmin"] + 1)), 50)
            scale = (fit["alpha"] - 1) / fit["xmin"] * tail / d["count"]
            ax.loglog(
                xs,
                scale * (xs / fit["xmin"]) ** -fit["alpha"],
                "--",
                color=color,
                label=f"{label}: power law α={fit['alpha']:.2f}",
            )
    ax.set_xlabel("degree")
    ax.set_ylabel("share of people per unit of degree")
    ax.set_title("Degree distributions (log-binned)")
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8, frameon=False)
    return _svg(figure)


def funnel_plot(invitations: dict[str, Any]) -> str:
    figure, (left, right) = plt.subplots(1, 2, figsize=(8, 3.4))
    stages = ["sent", "accepted", "ignored", "withdrawn", "pending"]
    values = [invitations[s] for s in stages]
    left.barh(stages[::-1], values[::-1], color=_COLORS[0])
    left.set_title("Invitations")
    for y, v in enumerate(values[::-1]):
        left.text(v, y, f" {v:,}", va="center", fontsize=8)
    cohorts = [
        ("shared a connection", invitations["withMutuals"]),
        ("shared none", invitations["withoutMutuals"]),
    ]
    rates = [(c["acceptanceRate"] or 0) * 100 for _, c in cohorts]
    right.bar([n for n, _ in cohorts], rates, color=[_COLORS[2], _COLORS[1]])
    right.set_ylabel("accepted of answered, %")
    right.set_title("Acceptance by mutual connections")
    right.set_ylim(0, 100)
    return _svg(figure)


def growth_plot(growth: dict[str, list[dict[str, Any]]]) -> str:
    period = "MONTH" if len(growth["MONTH"]) >= 3 else "WEEK" if len(growth["WEEK"]) >= 3 else "DAY"
    rows = growth[period]
    figure, ax = plt.subplots(figsize=(7, 3.6))
    if rows:
        x = np.array([r["period"] for r in rows], dtype="datetime64[ms]")
        for color, key in zip(
            _COLORS, ("people", "connections", "one_way_follows", "posts"), strict=False
        ):
            ax.plot(x, np.cumsum([r[key] for r in rows]), color=color, label=key.replace("_", " "))
        ax.legend(fontsize=8, frameon=False)
    ax.set_title(f"Growth (cumulative, by {period.lower()})")
    figure.autofmt_xdate()
    return _svg(figure)


def community_plot(sizes: np.ndarray) -> str:
    figure, ax = plt.subplots(figsize=(7, 3.4))
    if len(sizes):
        ax.loglog(np.arange(1, len(sizes) + 1), np.sort(sizes)[::-1], ".", color=_COLORS[3])
    ax.set_xlabel("community rank")
    ax.set_ylabel("members")
    ax.set_title("Community sizes (Louvain)")
    return _svg(figure)


def follow_connect_plot(fvc: dict[str, Any]) -> str:
    figure, (left, right) = plt.subplots(1, 2, figsize=(8, 3.2))
    follows = [fvc["follows"] - fvc["oneWayFollows"], fvc["oneWayFollows"]]
    if not fvc["follows"]:
        left.text(0.5, 0.5, "no follows yet", ha="center", va="center")
        left.set_axis_off()
    else:
        left.pie(
            follows,
            labels=["followed back", "one-way"],
            labeldistance=None,
            colors=[_COLORS[0], _COLORS[4]],
            autopct="%1.0f%%",
            startangle=90,
        )
    left.set_title("Follows")
    if fvc["follows"]:
        left.legend(loc="lower left", fontsize=8, frameon=False, bbox_to_anchor=(-0.2, -0.15))
    kept = [
        fvc["connectionsFollowingBothWays"],
        fvc["connectionsFollowingOneWay"],
        fvc["connectionsFollowingNeither"],
    ]
    right.bar(
        ["both follow", "one unfollowed", "both unfollowed"],
        kept,
        color=[_COLORS[2], _COLORS[4], _COLORS[1]],
    )
    right.set_title("Connections: do they still follow?")
    right.tick_params(axis="x", labelsize=8)
    return _svg(figure)


_TEMPLATE = jinja2.Environment(autoescape=True).from_string("""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>linkgraph analytics: run {{ run_id }}</title>
<style>
body{font:14px/1.5 system-ui,sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#111}
h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.6rem 0}td,th{padding:.2rem .7rem;text-align:right;
border-bottom:1px solid #eee}th{background:#f6f6f6}td:first-child,th:first-child{text-align:left}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:.6rem}
.card{background:#f6f8fa;border-radius:6px;padding:.6rem .8rem}
.card b{font-size:1.25rem;display:block}
figure{margin:1rem 0}svg{max-width:100%;height:auto}.note{color:#555;font-size:.9em}
</style></head><body>
<h1>Network analytics</h1>
<p class="note">Run {{ run_id }} · snapshot {{ snapshot.id }} taken {{ taken }} UTC ·
{{ "{:,}".format(snapshot.rows.people) }} people</p>

<h2>Overview</h2>
<div class="grid">
{% for label, value in cards %}<div class="card">{{ label }}<b>{{ value }}</b></div>{% endfor %}
</div>
<p class="note">Path length and effective diameter (90%) from BFS out of
{{ o.distanceSources }} people of the largest component
{%- if o.distanceExact %} (all: exact){% endif %}.</p>

<h2>Following versus connecting</h2>
<figure>{{ follow_connect | safe }}</figure>
<table><tr><th>measure</th><th>value</th></tr>
{% for label, value in fvc_rows %}<tr><td>{{ label }}</td><td>{{ value }}</td></tr>{% endfor %}
</table>
<h3>Follow, don't connect: many followers, few connections</h3>
<table><tr><th>person</th><th>followers</th><th>connections</th><th>ratio</th></tr>
{% for p in follow_not_connect %}<tr><td>{{ label(p.id) }}</td>
<td>{{ "{:,}".format(p.followers) }}</td>
<td>{{ "{:,}".format(p.connections) }}</td><td>{{ "%.1f" % p.ratio }}</td></tr>{% endfor %}
</table>

<h2>Degree distributions</h2>
<figure>{{ degrees | safe }}</figure>
<table><tr><th>distribution</th><th>p50</th><th>p90</th><th>p99</th><th>max</th>
<th>power law α (xmin)</th><th>beats log-normal</th></tr>
{% for name, d in distributions %}<tr><td>{{ name }}</td>
<td>{{ num(d.p50) }}</td><td>{{ num(d.p90) }}</td>
<td>{{ num(d.p99) }}</td><td>{{ num(d.max) }}</td>
<td>{% if d.powerLaw %}{{ "%.2f" % d.powerLaw.alpha }} ({{ d.powerLaw.xmin }})
{%- else %}–{% endif %}</td>
<td>{% if d.powerLaw %}{{ "yes" if d.powerLaw.beatsLogNormal else "no" }}
 (R={{ "%.2f" % d.powerLaw.loglikelihoodRatio }}, p={{ "%.2f" % d.powerLaw.pValue }})
{%- else %}–{% endif %}</td></tr>
{% endfor %}</table>

<h2>Invitations</h2>
<figure>{{ funnel | safe }}</figure>
<table><tr><th>measure</th><th>value</th></tr>
{% for label, value in invitation_rows %}<tr><td>{{ label }}</td><td>{{ value }}</td></tr>
{% endfor %}
</table>

<h2>Growth</h2>
<figure>{{ growth | safe }}</figure>

<h2>Influence</h2>
<table><tr><th>rank</th><th>person</th><th>PageRank</th><th>followers</th><th>connections</th>
<th>community</th><th>core</th><th>betweenness</th></tr>
{% for m in influencers %}<tr><td>{{ m.rank }}</td><td>{{ label(m.id) }}</td>
<td>{{ "%.5f" % m.pagerank }}</td>
<td>{{ "{:,}".format(m.followers) }}</td><td>{{ "{:,}".format(m.connections) }}</td>
<td>{{ m.community }}</td><td>{{ m.core_number }}</td><td>{{ "%.4f" % m.betweenness }}</td></tr>
{% endfor %}</table>
<p class="note">PageRank on the follow graph (damping {{ params.pagerankDamping }});
{% if params.betweennessMethod == "exact" %}betweenness exact (normalized).{% else %}betweenness
from random shortest paths, within {{ params.betweennessError }} of the exact normalized value
with probability {{ 1 - params.betweennessDelta }}.{% endif %}</p>

<h2>Communities</h2>
<p>{{ "{:,}".format(c.count) }} communities, modularity {{ "%.3f" % c.modularity }}.</p>
<figure>{{ communities_plot | safe }}</figure>
<table><tr><th>community</th><th>members</th><th>density</th><th>top members</th></tr>
{% for k in communities %}<tr><td>{{ k.id }}</td><td>{{ "{:,}".format(k.size) }}</td>
<td>{{ "%.4f" % k.density }}</td><td>{% for m in k.top_members[:3] %}{{ label(m) }}
{%- if not loop.last %}, {% endif %}{% endfor %}</td></tr>
{% endfor %}
</table>
</body></html>
""")


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def _num(value: float | int | None, digits: int = 3) -> str:
    if value is None:
        return "–"
    return f"{value:,}" if isinstance(value, int) else f"{value:,.{digits}f}"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    return f"{seconds / 86_400:.1f} days" if seconds >= 86_400 else f"{seconds / 3600:.1f} h"


def render(results: Results, run_id: str) -> str:
    s = results.summary
    o, fvc, inv = s["overview"], s["followingVersusConnecting"], s["invitations"]
    cards = [
        ("people", _num(o["people"])),
        ("connections", _num(o["connections"])),
        ("follows", _num(o["follows"])),
        ("density", f"{o['density']:.2e}"),
        ("components", _num(o["components"])),
        ("largest component", _pct(o["largestComponentShare"])),
        ("average clustering", _num(o["averageClustering"])),
        ("transitivity", _num(o["transitivity"])),
        ("triangles", _num(o["triangles"])),
        ("degree assortativity", _num(o["degreeAssortativity"])),
        ("largest k-core", f"k={o['maxCore']} ({o['maxCoreSize']:,})"),
        ("average path length", _num(o["averagePathLength"], 2)),
        ("effective diameter", _num(o["effectiveDiameter"])),
    ]
    fvc_rows = [
        ("follows between people", _num(fvc["follows"])),
        ("one-way (not followed back)", _pct(fvc["oneWayShare"])),
        ("reciprocity", _pct(fvc["reciprocity"])),
        ("follows made by connecting", _num(fvc["followsMadeByConnecting"])),
        ("connections still following both ways", _num(fvc["connectionsFollowingBothWays"])),
        ("connections, one unfollowed", _num(fvc["connectionsFollowingOneWay"])),
        ("connections, both unfollowed", _num(fvc["connectionsFollowingNeither"])),
        ("follows that later became connections", _num(fvc["followsThenConnected"])),
        ("median follow → connection", _duration(fvc["medianFollowToConnectSeconds"])),
    ]
    invitation_rows = [
        ("sent", _num(inv["sent"])),
        ("acceptance rate (of answered)", _pct(inv["acceptanceRate"])),
        ("time to accept, p50", _duration(inv["timeToAcceptP50Seconds"])),
        ("time to accept, p90", _duration(inv["timeToAcceptP90Seconds"])),
        ("received per person, p99", _num(inv["received"]["p99"], 1)),
        ("received per person, max", _num(inv["received"]["max"])),
    ]
    from datetime import UTC, datetime

    taken = datetime.fromtimestamp(s["snapshot"]["takenAt"] / 1000, tz=UTC).strftime(
        "%Y-%m-%d %H:%M"
    )
    communities, _ = results.communities(-1, TOP)
    sizes = results.community_sizes()
    return _TEMPLATE.render(
        run_id=run_id,
        snapshot=s["snapshot"],
        taken=taken,
        cards=cards,
        o=o,
        follow_connect=follow_connect_plot(fvc),
        fvc_rows=fvc_rows,
        follow_not_connect=fvc["followNotConnect"][:TOP],
        degrees=degree_plot(s["distributions"]),
        distributions=[
            (n, s["distributions"][n])
            for n in ("connections", "followers", "following", "suggestionMutuals")
        ],
        funnel=funnel_plot(inv),
        invitation_rows=invitation_rows,
        growth=growth_plot(s["growth"]),
        influencers=results.influencers(0, TOP)[0],
        params=s["parameters"],
        c=s["communities"],
        communities=communities,
        label=results.label,
        num=lambda v: _num(v, 1),
        communities_plot=community_plot(sizes),
    )


def write(results: Results, run_id: str, out: Path) -> Path:
    out.write_text(render(results, run_id), encoding="utf-8")
    return out
