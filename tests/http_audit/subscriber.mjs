// A graphql-ws client (the npm package), as a frontend would use it: it subscribes to
// notificationAdded, and whenever it (re)connects it catches up through
// notifications(since:) from the last cursor it saw. It prints one JSON line per event:
// {"event": "connected" | "pushed" | "caught-up" | "closed" | "error", ...}.
// The token is read from a file on every (re)connect, so a test can hand it a fresh one.
import { readFileSync } from "node:fs";
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const [wsUrl, httpUrl, tokenFile] = process.argv.slice(2);
const token = () => readFileSync(tokenFile, "utf8").trim();
const say = (event, data = {}) => console.log(JSON.stringify({ event, ...data }));
let lastCursor = null;

async function catchUp() {
  if (lastCursor === null) return;
  const query = `query($since: String) { viewer { notifications(first: 100, since: $since) {
    edges { cursor node { kind actor { id } } } } } }`;
  const response = await fetch(httpUrl, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token()}` },
    body: JSON.stringify({ query, variables: { since: lastCursor } }),
  });
  const edges = (await response.json()).data.viewer.notifications.edges;
  if (edges.length) lastCursor = edges[0].cursor;
  say("caught-up", { actors: edges.map((e) => e.node.actor.id).reverse() });
}

const client = createClient({
  url: wsUrl,
  webSocketImpl: WebSocket,
  connectionParams: () => ({ Authorization: `Bearer ${token()}` }),
  retryAttempts: 20,
  retryWait: async () => new Promise((resolve) => setTimeout(resolve, 200)),
  shouldRetry: () => true,
  on: {
    connected: () => { say("connected"); catchUp().catch((e) => say("error", { message: String(e) })); },
    closed: (e) => say("closed", { code: e.code, reason: e.reason }),
  },
});

client.subscribe(
  { query: "subscription { notificationAdded { cursor node { kind actor { id } } } }" },
  {
    next: ({ data, errors }) => {
      if (errors) return say("error", { errors });
      lastCursor = data.notificationAdded.cursor;
      say("pushed", { kind: data.notificationAdded.node.kind, actor: data.notificationAdded.node.actor.id });
    },
    error: (e) => say("error", { message: String(e?.reason ?? e) }),
    complete: () => say("complete"),
  },
);
