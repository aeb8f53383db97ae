const fetcher = GraphiQL.createFetcher({ url: '/graphql' });
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultEditorToolsVisibility: 'headers',
    defaultHeaders: '{\n  "Authorization": "Bearer <paste the API key rmmgraph printed>"\n}',
    defaultQuery: '# Set your API key in the Headers tab below, then run:\n{\n  viewer { tenant { name } role }\n  providers { id displayName capabilities { fullSync incrementalSync } }\n}\n',
  }),
);
