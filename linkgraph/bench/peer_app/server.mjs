// The peer the read-path benchmark compares with (linkgraph bench-peer): the Neo4j
// GraphQL Library on Apollo Server, over the same store and data. Person and
// CONNECTED_TO map to the service's own nodes and relationships; connections are
// undirected, as the service treats them. The local store rejects a `CYPHER 5` prefix.
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const typeDefs = `#graphql
  type Person @node {
    id: ID!
    name: String!
    headline: String
    connections: [Person!]!
      @relationship(
        type: "CONNECTED_TO", direction: OUT, queryDirection: UNDIRECTED, properties: "Connected"
      )
  }
  type Connected @relationshipProperties {
    since: BigInt!
  }
`;
const { NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE, PORT } = process.env;
const driver = neo4j.driver(NEO4J_URI, neo4j.auth.basic(NEO4J_USER, NEO4J_PASSWORD));
const neoSchema = new Neo4jGraphQL({ typeDefs, driver });
const server = new ApolloServer({ schema: await neoSchema.getSchema() });
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(PORT), host: "127.0.0.1" },
  context: async () => ({
    sessionConfig: { database: NEO4J_DATABASE },
    cypherQueryOptions: { addVersionPrefix: false },
  }),
});
console.log(`peer ready at ${url}`);
