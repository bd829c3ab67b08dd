// The unmodified graphql-sse client in its default distinct-connections mode (one request per operation):
// subscribes to contactChanged, prints each event's data as one JSON line, unsubscribes after `count` events (the
// client aborts its request), runs one query over Server-Sent Events (which completes on its own), prints its data
// and exits. With the token "invalid" it subscribes once and prints how the client reports the refusal.
// Usage: node sse.mjs <http-url> <access-token> <last-name> <count>
import { createClient } from 'graphql-sse';

const [url, token, lastName, count] = process.argv.slice(2);
const subscription = 'subscription ($name: String) { contactChanged(where: { lastName: { eq: $name } }) { kind contact { displayName } } }';
const query = 'query ($name: String) { contacts(where: { lastName: { eq: $name } }) { nodes { displayName } } }';
const variables = { name: lastName };
let announced = false;
const client = createClient({
  url,
  headers: { Authorization: `Bearer ${token}` },
  retryAttempts: 0,
  // Called once the server answered the subscription's request with its event stream.
  on: {
    connected: () => {
      if (!announced) {
        announced = true;
        console.log('connected');
      }
    },
  },
});

if (token === 'invalid') {
  console.log('connected');
  await new Promise((resolve) => client.subscribe({ query: subscription, variables }, {
    next: (result) => console.log('unexpected', JSON.stringify(result)),
    error: (error) => {
      // A refused request reaches the client as a NetworkError carrying the response.
      console.log(JSON.stringify({ error: error.name, status: error.response?.status }));
      resolve();
    },
    complete: () => {
      console.log('unexpected complete');
      resolve();
    },
  }));
  process.exit(0);
}

await new Promise((resolve, reject) => {
  let seen = 0;
  const stop = client.subscribe({ query: subscription, variables }, {
    next: (result) => {
      if (result.errors) {
        reject(new Error(JSON.stringify(result.errors)));
        return;
      }

      console.log(JSON.stringify(result.data));
      if (++seen >= Number(count)) {
        stop();
        resolve();
      }
    },
    error: (error) => reject(error),
    complete: () => reject(new Error(`the subscription completed after ${seen} events`)),
  });
});

for await (const result of client.iterate({ query, variables })) {
  console.log(JSON.stringify(result.data));
}

client.dispose();
console.log('completed');
process.exit(0);
