// The network explorer: a person's network drawn from the public GraphQL API, so it
// shows exactly what the signed-in person may see (the service applies visibility and
// blocks). Plain modern JavaScript over Cytoscape.js; no build step.
"use strict";

const config = JSON.parse(document.getElementById("explorer-config").textContent);
const $ = (id) => document.getElementById(id);

const PAGE = 50; // connections per page drawn (most recent first)
const SUGGESTIONS = 20; // second-degree people drawn
const FOLLOWS = 30; // follows each way drawn
const RING = 40; // at most this many people on one ring: rings stay readable

const PERSON = "fragment P on Person { id name headline }";
const NETWORK = `query ExplorerNetwork($first: Int!, $suggestions: Int!, $follows: Int!) {
  viewer {
    id name handle headline connectionCount followerCount followingCount
    connections(first: $first) { ...Connections }
    secondDegree(first: $suggestions) {
      totalCount
      edges { mutualConnectionCount primaryAction node { ...P mutualConnections(first: 10) { edges { node { id } } } } }
    }
    following(first: $follows) { edges { node { ...P relationship { connected } } } }
    followers(first: $follows) { edges { node { ...P relationship { connected } } } }
  }
}
fragment Connections on ConnectedPersonConnection {
  totalCount
  pageInfo { hasNextPage endCursor }
  edges { connectedAt node { ...P mutualConnections(first: 20) { edges { node { id } } } } }
}
${PERSON}`;
const MORE = `query ExplorerMore($first: Int!, $after: String) {
  viewer { connections(first: $first, after: $after) { ...Connections } }
}
fragment Connections on ConnectedPersonConnection {
  totalCount
  pageInfo { hasNextPage endCursor }
  edges { connectedAt node { ...P mutualConnections(first: 20) { edges { node { id } } } } }
}
${PERSON}`;
const CARD = `query ExplorerCard($id: ID!) {
  node(id: $id) {
    ... on Person {
      id handle name headline about location industry email phone isViewer
      followerCount connectionCount
      affiliations { role organization { name } }
      relationship {
        degree distance connected following followedBy mutualConnectionCount
        pendingInvitation { id note }
        invitationDirection canInvite cannotInviteReason canInviteAfter primaryAction
      }
      mutualConnections(first: 6) { totalCount edges { node { id name } } }
    }
  }
}`;
const SEARCH = `query ExplorerSearch($q: String!) {
  people(search: $q, first: 8) { edges { node { id name headline relationship { degree } } } }
}`;
const PATH = `query ExplorerPath($to: ID!) {
  separation(to: $to) { degree maxDepth path { ...P } }
}
${PERSON}`;
const ME = "query ExplorerMe { viewer { id name handle } }";
const MUTATIONS = {
  follow: "mutation($id: ID!) { followPerson(input: { personId: $id }) { following } }",
  unfollow: "mutation($id: ID!) { unfollowPerson(input: { personId: $id }) { following } }",
  invite: `mutation($id: ID!, $note: String) {
    sendInvitation(input: { personId: $id, note: $note }) { connected invitation { id state } }
  }`,
  accept: "mutation($inv: ID!) { acceptInvitation(input: { invitationId: $inv }) { invitation { id state } } }",
  ignore: "mutation($inv: ID!) { ignoreInvitation(input: { invitationId: $inv }) { invitation { id state } } }",
  withdraw: "mutation($inv: ID!) { withdrawInvitation(input: { invitationId: $inv }) { invitation { id state } } }",
  message: `mutation($id: ID!, $text: String!, $key: String) {
    sendMessage(input: { personId: $id, text: $text, clientMessageId: $key }) { message { id } }
  }`,
};
const DEGREE = {
  SELF: "You", FIRST: "1st", SECOND: "2nd", THIRD: "3rd", OUT_OF_NETWORK: "Out of network",
};
const WHY_NOT = {
  SELF: "This is you.",
  ALREADY_CONNECTED: "You are connected.",
  INVITATION_PENDING: "An invitation is pending.",
  COOLDOWN: "You withdrew an invitation recently; you can invite again later.",
  VIEWER_AT_LIMIT: "You have reached the connection limit.",
  OTHER_AT_LIMIT: "They have reached the connection limit.",
  SHARED_CONNECTION_REQUIRED: "They take invitations only from people who share a connection with them.",
};

class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

const state = {
  token: null,
  viewer: null,
  cursor: null, // the connections page's end cursor, while more follow
  selected: null,
  searchSeq: 0,
};

async function gql(query, variables = {}) {
  const response = await fetch(config.graphql, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${state.token}` },
    body: JSON.stringify({ query, variables }),
  });
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The service answered HTTP ${response.status}.`, "HTTP_ERROR");
  }
  if (body.errors && body.errors.length) {
    const first = body.errors[0];
    throw new ApiError(first.message, first.extensions && first.extensions.code);
  }
  return body.data;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

let toastTimer = null;
function toast(text, kind = "info") {
  const box = $("toast");
  box.textContent = text;
  box.className = `toast ${kind}`;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, 5000);
}

function failed(error) {
  const code = error.code ? ` (${error.code})` : "";
  toast(`${error.message}${code}`, "error");
}

// ---------------------------------------------------------------- the graph

const cy = cytoscape({
  container: $("graph"),
  minZoom: 0.15,
  maxZoom: 3,
  wheelSensitivity: 0.3,
  boxSelectionEnabled: false,
  style: [
    {
      selector: "node",
      style: {
        "background-color": "#5f9e8f",
        width: 18,
        height: 18,
        label: "data(name)",
        "font-size": 10,
        color: "#1d2226",
        "text-valign": "bottom",
        "text-margin-y": 4,
        "text-background-color": "#f4f2ee",
        "text-background-opacity": 0.85,
        "text-background-padding": 1,
        "min-zoomed-font-size": 9,
        "border-width": 2,
        "border-color": "#ffffff",
      },
    },
    { selector: "node.first", style: { "background-color": "#0a66c2", width: 22, height: 22 } },
    { selector: "node.second", style: { "background-color": "#5f9e8f" } },
    { selector: "node.follow", style: { "background-color": "#d08a1e" } },
    { selector: "node.other", style: { "background-color": "#94a3b8" } },
    {
      selector: "node.me",
      style: {
        "background-color": "#0a3d7a", width: 40, height: 40, "font-size": 13,
        "font-weight": 700, "min-zoomed-font-size": 0, "z-index": 10,
      },
    },
    {
      selector: "edge",
      style: { width: 1, "line-color": "#b8c2cc", "curve-style": "haystack", opacity: 0.7 },
    },
    { selector: "edge.mine", style: { width: 1.6, "line-color": "#8aa9c9", opacity: 0.9 } },
    // with many connections the spokes from the centre would hide the ties among them
    { selector: "edge.mine.crowded", style: { width: 1, opacity: 0.3 } },
    {
      selector: "edge.follows",
      style: {
        "curve-style": "bezier", "line-style": "dashed", "line-color": "#d08a1e",
        "target-arrow-shape": "triangle", "target-arrow-color": "#d08a1e",
        "arrow-scale": 0.8, width: 1.4, opacity: 0.9,
      },
    },
    { selector: ".faded", style: { opacity: 0.22 } },
    {
      selector: "node.path",
      style: {
        "border-color": "#c2410c", "border-width": 4, "min-zoomed-font-size": 0, "z-index": 20,
      },
    },
    {
      selector: "edge.path",
      style: { "line-color": "#c2410c", width: 4, opacity: 1, "z-index": 20, "curve-style": "bezier" },
    },
    {
      selector: "node:selected",
      style: { "border-color": "#111827", "border-width": 4, "min-zoomed-font-size": 0 },
    },
  ],
});

function upsertPerson(person, kind, rank) {
  const existing = cy.getElementById(person.id);
  if (existing.nonempty()) {
    const order = ["me", "first", "second", "follow", "other"];
    // a person keeps their closest tie (a connection who is also followed stays first)
    if (order.indexOf(kind) < order.indexOf(existing.data("kind"))) {
      existing.removeClass(existing.data("kind")).addClass(kind).data({ kind, rank });
    }
    return existing;
  }
  return cy.add({
    group: "nodes",
    data: { id: person.id, name: person.name, headline: person.headline || "", kind, rank },
    classes: kind,
  });
}

function addEdge(source, target, kind) {
  // connections are undirected: one edge per pair, whichever side listed it
  const id = kind === "follows" ? `f:${source}>${target}` : `c:${[source, target].sort().join("|")}`;
  if (cy.getElementById(id).nonempty()) return;
  if (cy.getElementById(source).empty() || cy.getElementById(target).empty()) return;
  const mine = kind === "connected" && (source === state.viewer.id || target === state.viewer.id);
  cy.add({ group: "edges", data: { id, source, target, kind }, classes: mine ? "connected mine" : kind });
}

function addConnections(listing) {
  const start = cy.nodes(".first").length;
  listing.edges.forEach((edge, i) => {
    upsertPerson(edge.node, "first", 3000 - Math.floor((start + i) / RING));
    addEdge(state.viewer.id, edge.node.id, "connected");
  });
  for (const edge of listing.edges) {
    for (const mutual of edge.node.mutualConnections.edges) addEdge(edge.node.id, mutual.node.id, "connected");
  }
  state.cursor = listing.pageInfo.hasNextPage ? listing.pageInfo.endCursor : null;
  state.connectionTotal = listing.totalCount;
}

function drawNetwork(viewer) {
  cy.elements().remove();
  upsertPerson(viewer, "me", 10000);
  addConnections(viewer.connections);
  viewer.secondDegree.edges.forEach((edge, i) => {
    upsertPerson(edge.node, "second", 2000 - Math.floor(i / RING));
  });
  for (const edge of viewer.secondDegree.edges) {
    for (const mutual of edge.node.mutualConnections.edges) addEdge(edge.node.id, mutual.node.id, "connected");
  }
  // follows apart from connections (connecting makes both follow: those are drawn once, as a connection)
  const oneWay = [
    ...viewer.following.edges.map((e) => [e.node, state.viewer.id, e.node.id]),
    ...viewer.followers.edges.map((e) => [e.node, e.node.id, state.viewer.id]),
  ].filter(([person]) => !person.relationship.connected);
  oneWay.forEach(([person, source, target], i) => {
    upsertPerson(person, "follow", 1000 - Math.floor(i / RING));
    addEdge(source, target, "follows");
  });
  layout();
  showStats();
}

// Rings by tie: you in the middle, then your connections, then people you may know,
// then follow-only people and anyone a search brought in. Within a ring people who are
// connected sit side by side, and each outer person sits beside the connections they
// share with you, so clusters read as arcs and few edges cross the middle.
const SPACING = 30; // px of arc per person
const GAP = 110; // px between one tie's rings and the next's
const SUBRING = 50; // px between the sub-rings of a crowded tie

function layout() {
  const positions = {};
  const angles = new Map();
  const me = cy.nodes(".me");
  me.forEach((n) => { positions[n.id()] = { x: 0, y: 0 }; });
  let radius = 0;
  const tiers = [cy.nodes(".first"), cy.nodes(".second"), cy.nodes(".follow, .other")];
  tiers.forEach((tier, level) => {
    if (tier.empty()) return;
    const order = level === 0 ? clustered(tier) : byNeighbours(tier, angles);
    // the ring grows to hold its people up to a point; past it, a crowded tie splits
    // over sub-rings (person i on sub-ring i mod k): the angular order stays, and the
    // arc per person grows k times
    const base = radius === 0 ? 170 : radius + GAP;
    const needed = (order.length * SPACING) / (2 * Math.PI);
    const inner = Math.max(base, Math.min(needed, base + 240));
    const rings = Math.max(1, Math.ceil(needed / inner));
    const step = (2 * Math.PI) / order.length;
    const offset = level === 0 ? -Math.PI / 2 : alignment(order, angles, step);
    order.forEach((node, i) => {
      const angle = offset + i * step;
      const r = inner + (i % rings) * SUBRING;
      angles.set(node.id(), angle);
      positions[node.id()] = { x: r * Math.cos(angle), y: r * Math.sin(angle) };
      radialLabel(node, angle);
    });
    radius = inner + (rings - 1) * SUBRING;
  });
  cy.edges(".mine").toggleClass("crowded", cy.nodes(".first").length > 60);
  cy.layout({ name: "preset", positions, fit: true, padding: 70, animate: false }).run();
}

// Names point away from the centre, so neighbours on a ring never write over each other.
function radialLabel(node, angle) {
  const right = Math.cos(angle) >= 0;
  node.style({
    "text-rotation": right ? angle : angle + Math.PI,
    "text-halign": right ? "right" : "left",
    "text-valign": "center",
    "text-margin-x": right ? 5 : -5,
    "text-margin-y": 0,
  });
}

// Connected people next to each other: a depth-first walk of the ties within the ring,
// the best-connected first.
function clustered(tier) {
  const inTier = new Set(tier.map((n) => n.id()));
  const ties = (node) => node.neighborhood("node").filter((m) => inTier.has(m.id()));
  const degree = new Map(tier.map((n) => [n.id(), ties(n).length]));
  const seen = new Set();
  const order = [];
  const visit = (start) => {
    const stack = [start];
    while (stack.length) {
      const node = stack.pop();
      if (seen.has(node.id())) continue;
      seen.add(node.id());
      order.push(node);
      const next = ties(node).filter((m) => !seen.has(m.id())).sort((a, b) => degree.get(a.id()) - degree.get(b.id()));
      stack.push(...next);
    }
  };
  const starts = tier.toArray().sort((a, b) => degree.get(b.id()) - degree.get(a.id()));
  for (const node of starts) visit(node);
  return order;
}

// Outer people in the order of the circular mean angle of their neighbours already placed.
function byNeighbours(tier, angles) {
  const wanted = new Map();
  tier.forEach((node, i) => {
    let x = 0;
    let y = 0;
    node.neighborhood("node").forEach((m) => {
      const a = angles.get(m.id());
      if (a !== undefined) { x += Math.cos(a); y += Math.sin(a); }
    });
    wanted.set(node.id(), x || y ? Math.atan2(y, x) : (2 * Math.PI * i) / tier.length);
  });
  const order = tier.toArray().sort((a, b) => wanted.get(a.id()) - wanted.get(b.id()));
  order.wanted = wanted;
  return order;
}

// The rotation of evenly spaced slots that best matches where each person wants to be.
function alignment(order, angles, step) {
  let x = 0;
  let y = 0;
  order.forEach((node, i) => {
    const d = order.wanted.get(node.id()) - i * step;
    x += Math.cos(d);
    y += Math.sin(d);
  });
  return x || y ? Math.atan2(y, x) : 0;
}

function showStats() {
  const shown = cy.nodes(".first").length;
  const total = state.connectionTotal;
  $("stats").textContent = total === 0
    ? "No connections yet: find people you know and connect, or follow people whose updates you want."
    : `${shown} of ${total} connections · ${cy.nodes(".second").length} people you may know · ` +
      `${cy.nodes(".follow").length} follow-only`;
  $("more").hidden = state.cursor === null;
}

async function loadNetwork() {
  document.body.dataset.state = "loading";
  const data = await gql(NETWORK, { first: PAGE, suggestions: SUGGESTIONS, follows: FOLLOWS });
  state.viewer = data.viewer;
  drawNetwork(data.viewer);
  document.body.dataset.state = "ready";
}

async function loadMore() {
  if (state.cursor === null) return;
  $("more").disabled = true;
  try {
    const data = await gql(MORE, { first: PAGE, after: state.cursor });
    addConnections(data.viewer.connections);
    layout();
    showStats();
  } catch (error) {
    failed(error);
  } finally {
    $("more").disabled = false;
  }
}

cy.on("tap", "node", (event) => select(event.target.id()));
cy.on("tap", (event) => {
  if (event.target === cy) clearFocus();
});

function clearFocus() {
  cy.elements().removeClass("faded");
}

function focusOn(id) {
  const node = cy.getElementById(id);
  const near = node.closedNeighborhood().union(cy.elements(".path"));
  cy.elements().addClass("faded");
  near.removeClass("faded");
}

// ---------------------------------------------------------------- the card

async function select(id) {
  state.selected = id;
  const node = cy.getElementById(id);
  if (node.nonempty()) {
    cy.elements(":selected").unselect();
    node.select();
    focusOn(id);
  }
  $("card").replaceChildren(el("p", { class: "hint" }, "Loading…"));
  try {
    const data = await gql(CARD, { id });
    if (state.selected !== id) return; // another click came first
    renderCard(data.node);
  } catch (error) {
    $("card").replaceChildren(el("p", { class: "error" }, error.message));
  }
}

function renderCard(person) {
  const card = $("card");
  if (!person) {
    card.replaceChildren(el("p", { class: "hint" }, "This person is not visible to you."));
    return;
  }
  const rel = person.relationship;
  const badges = el("div", { class: "badges" });
  if (rel) {
    badges.append(el("span", { class: "badge degree" }, DEGREE[rel.degree] || rel.degree));
    if (rel.connected) badges.append(el("span", { class: "badge" }, "Connected"));
    if (rel.following) badges.append(el("span", { class: "badge" }, "You follow them"));
    if (rel.followedBy) badges.append(el("span", { class: "badge" }, "Follows you"));
  } else if (person.isViewer) {
    badges.append(el("span", { class: "badge degree" }, "You"));
  }
  const facts = el("dl", { class: "facts" });
  const fact = (label, value) => {
    if (value) facts.append(el("dt", {}, label), el("dd", {}, value));
  };
  fact("Location", person.location);
  fact("Industry", person.industry);
  fact("Email", person.email);
  fact("Phone", person.phone);
  fact("Connections", person.connectionCount.toLocaleString());
  fact("Followers", person.followerCount.toLocaleString());
  for (const a of person.affiliations) fact(a.role === "STUDY" ? "Studied" : "Works", a.organization.name);

  const parts = [
    el("div", {}, el("h2", {}, person.name), el("div", { class: "handle" }, `@${person.handle}`)),
    person.headline ? el("p", { class: "headline" }, person.headline) : null,
    badges,
    person.about ? el("p", { class: "about" }, person.about) : null,
    facts,
  ];
  if (!person.isViewer && !rel?.connected && !person.email && !person.phone) {
    parts.push(el("p", { class: "private" }, "Contact details are for their connections only."));
  }
  if (person.mutualConnections && person.mutualConnections.totalCount > 0) {
    const names = person.mutualConnections.edges.map((e) => e.node.name);
    const rest = person.mutualConnections.totalCount - names.length;
    parts.push(
      el("div", { class: "mutuals" },
        `${person.mutualConnections.totalCount} mutual connection${person.mutualConnections.totalCount === 1 ? "" : "s"}: `,
        names.join(", "), rest > 0 ? ` and ${rest} more` : ""),
    );
  }
  if (rel && !person.isViewer) parts.push(actions(person, rel));
  card.replaceChildren(...parts.filter(Boolean));
}

function actions(person, rel) {
  const box = el("div", { class: "compose" });
  const row = el("div", { class: "actions" });
  const compose = el("div", { class: "compose" });
  const act = (label, run, cls) =>
    el("button", { type: "button", class: cls, "data-action": label, onclick: () => perform(run) }, label);

  if (rel.invitationDirection === "RECEIVED" && rel.pendingInvitation) {
    const inv = rel.pendingInvitation.id;
    row.append(
      act("Accept", () => gql(MUTATIONS.accept, { inv }).then(() => "You are now connected."), "primary"),
      act("Ignore", () => gql(MUTATIONS.ignore, { inv }).then(() => "Invitation ignored.")),
    );
    if (rel.pendingInvitation.note) box.append(el("p", { class: "note" }, `“${rel.pendingInvitation.note}”`));
  } else if (rel.invitationDirection === "SENT" && rel.pendingInvitation) {
    const inv = rel.pendingInvitation.id;
    row.append(act("Withdraw", () => gql(MUTATIONS.withdraw, { inv }).then(() => "Invitation withdrawn.")));
  }
  if (rel.canInvite) {
    row.append(el("button", {
      type: "button", class: "primary", "data-action": "Connect",
      onclick: () => compose.replaceChildren(...inviteForm(person)),
    }, "Connect"));
  }
  if (rel.connected) {
    row.append(el("button", {
      type: "button", class: "primary", "data-action": "Message",
      onclick: () => compose.replaceChildren(...messageForm(person)),
    }, "Message"));
  }
  row.append(rel.following
    ? act("Unfollow", () => gql(MUTATIONS.unfollow, { id: person.id }).then(() => `You no longer follow ${person.name}.`))
    : act("Follow", () => gql(MUTATIONS.follow, { id: person.id }).then(() => `You follow ${person.name}: their public posts reach your feed.`)));
  box.prepend(row);
  if (!rel.canInvite && !rel.connected && rel.cannotInviteReason && rel.cannotInviteReason !== "INVITATION_PENDING") {
    box.append(el("p", { class: "note" }, WHY_NOT[rel.cannotInviteReason] || rel.cannotInviteReason));
  }
  box.append(compose);
  return box;
}

function inviteForm(person) {
  const note = el("textarea", { rows: 3, maxlength: 300, id: "invite-note", placeholder: `Add a note for ${person.name} (optional)` });
  const send = el("button", {
    type: "button", class: "primary", "data-action": "Send invitation",
    onclick: () => perform(() =>
      gql(MUTATIONS.invite, { id: person.id, note: note.value.trim() || null }).then((d) =>
        d.sendInvitation.connected ? `${person.name} had invited you: you are now connected.` : "Invitation sent.")),
  }, "Send invitation");
  return [el("label", { for: "invite-note" }, "Connecting is mutual: they will be asked to accept."), note, send];
}

function messageForm(person) {
  const text = el("textarea", { rows: 3, maxlength: 4000, id: "message-text", placeholder: `Write to ${person.name}` });
  const send = el("button", {
    type: "button", class: "primary", "data-action": "Send message",
    onclick: () => perform(() => {
      if (!text.value.trim()) throw new ApiError("Write something first.", "EMPTY");
      return gql(MUTATIONS.message, { id: person.id, text: text.value, key: crypto.randomUUID() })
        .then(() => "Message sent.");
    }),
  }, "Send message");
  return [el("label", { for: "message-text" }, "Messages are between connections."), text, send];
}

async function perform(run) {
  const buttons = $("card").querySelectorAll("button");
  buttons.forEach((b) => { b.disabled = true; });
  try {
    const said = await run();
    toast(said);
    const id = state.selected;
    await loadNetwork(); // a new tie moves people between rings
    if (id) await select(id);
  } catch (error) {
    failed(error);
    buttons.forEach((b) => { b.disabled = false; });
  }
}

// ---------------------------------------------------------------- search and paths

let searchTimer = null;
$("search").addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(search, 250);
});

async function search() {
  const q = $("search").value.trim();
  const seq = ++state.searchSeq;
  const list = $("results");
  if (q.length < 2) {
    list.replaceChildren();
    return;
  }
  try {
    const data = await gql(SEARCH, { q });
    if (seq !== state.searchSeq) return; // a newer search is under way
    const found = data.people.edges.map((e) => e.node);
    if (!found.length) {
      list.replaceChildren(el("li", { class: "empty" }, "Nobody found."));
      return;
    }
    list.replaceChildren(...found.map((p) => el("li", {
      tabindex: 0, "data-id": p.id,
      onclick: () => showPath(p),
      onkeydown: (e) => { if (e.key === "Enter") showPath(p); },
    },
    el("span", { class: "name" }, p.name),
    el("span", { class: "sub" }, [p.relationship ? DEGREE[p.relationship.degree] : null, p.headline].filter(Boolean).join(" · ")))));
  } catch (error) {
    failed(error);
  }
}

async function showPath(person) {
  $("results").replaceChildren();
  cy.elements(".path").removeClass("path");
  const box = $("path");
  box.hidden = false;
  box.textContent = `Looking for a path to ${person.name}…`;
  try {
    const { separation } = await gql(PATH, { to: person.id });
    if (!separation.path) {
      upsertPerson(person, "other", 0);
      layout();
      box.replaceChildren(`No path to `, el("strong", {}, person.name), ` within ${separation.maxDepth} connections.`);
    } else {
      const path = separation.path;
      path.forEach((p, i) => { if (cy.getElementById(p.id).empty()) upsertPerson(p, "other", 500 - i); });
      for (let i = 1; i < path.length; i++) addEdge(path[i - 1].id, path[i].id, "connected");
      layout();
      const ids = path.map((p) => p.id);
      ids.forEach((id, i) => {
        cy.getElementById(id).addClass("path");
        if (i) cy.getElementById(`c:${[ids[i - 1], id].sort().join("|")}`).addClass("path");
      });
      const steps = separation.degree === 0 ? "That is you." : `${separation.degree} connection${separation.degree === 1 ? "" : "s"} away:`;
      box.replaceChildren(el("strong", {}, steps), " ", path.map((p) => p.name).join(" → "));
    }
    await select(person.id);
  } catch (error) {
    box.hidden = true;
    failed(error);
  }
}

// ---------------------------------------------------------------- live updates

// What the inbox says, as a sentence: following and connecting tell different things.
const HAPPENED = {
  NEW_FOLLOWER: (name) => `${name} now follows you: your public posts reach them (you are not connected).`,
  INVITATION_RECEIVED: (name) => `${name} invites you to connect.`,
  INVITATION_ACCEPTED: (name) => `${name} accepted: you are connected.`,
  MESSAGE_RECEIVED: (name) => `${name} wrote to you.`,
};
const LIVE = "subscription ExplorerLive { notificationAdded { node { kind actor { id name } } } }";
let live = null;
let redraw = null;

function goLive() {
  const url = new URL(config.graphql, window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const token = state.token;
  live = graphqlWs.createClient({
    url: url.href,
    connectionParams: () => ({ Authorization: `Bearer ${token}` }),
    shouldRetry: () => true,
    retryAttempts: Infinity,
    on: {
      connected: () => setLive(true),
      closed: () => setLive(false),
    },
  });
  live.subscribe({ query: LIVE }, {
    next: ({ data }) => {
      const node = data && data.notificationAdded.node;
      if (!node) return;
      const say = HAPPENED[node.kind];
      toast(say ? say(node.actor ? node.actor.name : "Someone") : node.kind);
      // several events in a burst redraw once
      clearTimeout(redraw);
      redraw = setTimeout(() => loadNetwork().catch(failed), 300);
    },
    error: () => setLive(false),
    complete: () => setLive(false),
  });
}

function setLive(on) {
  $("live").classList.toggle("on", on);
  $("live").textContent = on ? "live" : "offline";
}

function stopLive() {
  if (live) live.dispose();
  live = null;
}

// ---------------------------------------------------------------- signing in

async function signIn(token) {
  state.token = token.trim();
  $("signin-error").hidden = true;
  try {
    const { viewer } = await gql(ME);
    if (!viewer) throw new ApiError("This token has no profile: create one first (createProfile).", "NO_PROFILE");
    sessionStorage.setItem("linkgraph.token", state.token);
    $("who-name").textContent = `${viewer.name} (@${viewer.handle})`;
    $("who").hidden = false;
    $("signin").hidden = true;
    $("workspace").hidden = false;
    cy.resize();
    await loadNetwork();
    goLive();
  } catch (error) {
    state.token = null;
    sessionStorage.removeItem("linkgraph.token");
    document.body.dataset.state = "signed-out";
    const box = $("signin-error");
    box.textContent = error.code ? `${error.message} (${error.code})` : error.message;
    box.hidden = false;
  }
}

function signOut() {
  stopLive();
  sessionStorage.removeItem("linkgraph.token");
  state.token = null;
  cy.elements().remove();
  $("card").replaceChildren(el("p", { class: "hint" }, "Click a person in the graph to see their card."));
  $("path").hidden = true;
  $("who").hidden = true;
  $("workspace").hidden = true;
  $("signin").hidden = false;
  document.body.dataset.state = "signed-out";
}

$("signin-form").addEventListener("submit", (event) => {
  event.preventDefault();
  signIn($("token").value);
});
$("sign-out").addEventListener("click", signOut);
$("more").addEventListener("click", loadMore);

if (config.persona) {
  $("persona").hidden = false;
  $("persona-sign-in").textContent = `Sign in as ${config.persona.name}`;
  $("persona-sign-in").addEventListener("click", () => signIn(config.persona.token));
}
const saved = sessionStorage.getItem("linkgraph.token");
if (saved) signIn(saved);

// For tests and the curious: the graph as drawn.
window.explorer = { cy, state, isLive: () => $("live").classList.contains("on") };
