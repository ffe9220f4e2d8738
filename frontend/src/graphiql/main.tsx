// GraphiQL for the API, bundled with the app (no CDN): served at /graphql to browsers outside
// production. Queries go to /graphql, subscriptions to /graphql/ws. Paste a bearer token from
// `login` into the headers pane: {"Authorization": "Bearer …"}.
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { buildSchema } from 'graphql';
import { createRoot } from 'react-dom/client';
// The committed schema (a server test keeps it equal to what the server serves): GraphiQL gets
// its docs and completion from it instead of an introspection query, which the server's depth
// limit refuses and production turns off.
import sdl from '../../../schema.graphql?raw';

const schema = buildSchema(sdl);

const fetcher = createGraphiQLFetcher({
  url: '/graphql',
  subscriptionUrl: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql/ws`,
});

const defaultQuery = `# Sign in, then put the token in the headers pane below:
#   {"Authorization": "Bearer <accessToken>"}
mutation SignIn {
  login(input: { username: "gz_am1", password: "demo123456" }) {
    session { accessToken user { displayName role } }
    userErrors { code message }
  }
}

query MyPipeline {
  pipeline { totalCount totalValue stages { label count value } }
}
`;

createRoot(document.getElementById('graphiql')!).render(<GraphiQL fetcher={fetcher} schema={schema} defaultQuery={defaultQuery} />);
