// Subscribes with the unmodified graphql-ws client, prints each contactChanged event as one JSON line,
// and exits after the first `count` events. Usage: node subscribe.mjs <ws-url> <access-token> <count>
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [url, token, count] = process.argv.slice(2);
const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: { Authorization: `Bearer ${token}` },
  retryAttempts: 0,
  on: { connected: () => console.log('connected') },
});

let seen = 0;
client.subscribe(
  { query: 'subscription { contactChanged { kind contact { displayName } } }' },
  {
    next: (value) => {
      console.log(JSON.stringify(value));
      if (++seen >= Number(count)) {
        client.dispose().then(() => process.exit(0));
      }
    },
    error: (error) => {
      console.error('error', JSON.stringify(error?.reason ?? error?.message ?? error));
      process.exit(2);
    },
    complete: () => {},
  },
);
setTimeout(() => { console.error('timeout'); process.exit(3); }, 30000);
