// Apollo Client (GraphQLWsLink) and urql (subscriptionExchange), both over the unmodified graphql-ws client:
// subscribes to contactChanged, prints each event's data as one JSON line, unsubscribes after `count` events
// (the client sends `complete`), runs one query over the same socket (which completes on its own), prints its
// data and exits. Usage: node published-clients.mjs <ws-url> <apollo|urql> <access-token> <last-name> <count>
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [url, library, token, lastName, count] = process.argv.slice(2);
const subscription = 'subscription ($name: String) { contactChanged(where: { lastName: { eq: $name } }) { kind contact { displayName } } }';
const query = 'query ($name: String) { contacts(where: { lastName: { eq: $name } }) { nodes { displayName } } }';
const variables = { name: lastName };
const ws = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: { Authorization: `Bearer ${token}` },
  retryAttempts: 0,
  lazy: false, // one socket for the subscription and the query after it
  on: { connected: () => console.log('connected') },
});

const fail = (what, error) => {
  console.error(what, JSON.stringify(error?.reason ?? error?.message ?? error));
  process.exit(2);
};

const { subscribe, queryOnce } = library === 'apollo' ? await apollo() : await urql();
await new Promise((resolve) => {
  let seen = 0;
  const stop = subscribe((data) => {
    console.log(JSON.stringify(data));
    if (++seen >= Number(count)) {
      stop();
      resolve();
    }
  });
});
console.log(JSON.stringify(await queryOnce()));
await ws.dispose();
console.log('completed');
process.exit(0);

async function apollo() {
  const { ApolloClient, InMemoryCache, gql } = await import('@apollo/client');
  const { GraphQLWsLink } = await import('@apollo/client/link/subscriptions');
  const client = new ApolloClient({ link: new GraphQLWsLink(ws), cache: new InMemoryCache() });
  return {
    subscribe: (onData) => {
      const handle = client.subscribe({ query: gql(subscription), variables }).subscribe({
        next: (result) => (result.error ? fail('error', result.error) : onData(result.data)),
        error: (error) => fail('error', error),
      });
      return () => handle.unsubscribe();
    },
    queryOnce: async () => (await client.query({ query: gql(query), variables, fetchPolicy: 'no-cache' })).data,
  };
}

async function urql() {
  const { Client, cacheExchange, subscriptionExchange, gql } = await import('@urql/core');
  const client = new Client({
    url: url.replace(/^ws/, 'http'),
    exchanges: [
      cacheExchange,
      subscriptionExchange({
        enableAllOperations: true,
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query || '' }, sink) }),
        }),
      }),
    ],
  });
  return {
    subscribe: (onData) => {
      const handle = client.subscription(gql(subscription), variables).subscribe((result) =>
        result.error ? fail('error', result.error) : onData(result.data));
      return () => handle.unsubscribe();
    },
    queryOnce: async () => {
      const result = await client.query(gql(query), variables, { requestPolicy: 'network-only' }).toPromise();
      return result.error ? fail('error', result.error) : result.data;
    },
  };
}
