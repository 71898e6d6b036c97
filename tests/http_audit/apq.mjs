// Apollo Client (the npm package) with its persisted-query link, as a frontend uses it:
// hashed GET requests first, the whole document only when the server does not know the
// hash. Runs one query twice with a fresh client each time and prints, as JSON, what
// it got and which requests it sent ({"hashOnly": n, "withQuery": n} per run).
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { createHash } from "node:crypto";

const [url, token, personId] = process.argv.slice(2);
const QUERY = gql`
  query Person($id: ID!) { node(id: $id) { ... on Person { id name } } }
`;

async function run() {
  const sent = { hashOnly: 0, withQuery: 0 };
  const counting = async (input, init) => {
    const target = typeof input === "string" ? input : input.url;
    const body = init?.body ? JSON.parse(init.body) : null;
    const hasQuery = body ? Boolean(body.query) : new URL(target).searchParams.has("query");
    sent[hasQuery ? "withQuery" : "hashOnly"] += 1;
    return fetch(input, init);
  };
  const link = new PersistedQueryLink({
    sha256: (text) => createHash("sha256").update(text).digest("hex"),
    useGETForHashedQueries: true,
  }).concat(new HttpLink({ uri: url, fetch: counting, headers: { authorization: `Bearer ${token}` } }));
  const client = new ApolloClient({ link, cache: new InMemoryCache() });
  const { data } = await client.query({ query: QUERY, variables: { id: personId } });
  return { data, sent };
}

const first = await run();
const second = await run();
console.log(JSON.stringify({ first, second }));
