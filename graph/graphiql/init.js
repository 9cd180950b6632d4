// Starts GraphiQL against the endpoint this page was served from. The API
// key goes in the Headers tab ({"X-API-Key": "..."}); it is not stored.
(function () {
  "use strict";
  var endpoint = window.location.pathname;
  var fetcher = GraphiQL.createFetcher({ url: endpoint });
  var defaultQuery = [
    "# Paste your API key into the Headers tab below, as",
    '#   {"X-API-Key": "ogw_..."}',
    "# then press the run button (or Ctrl-Enter).",
    "",
    "query FirstCustomers {",
    "  viewer { name scopes }",
    "  customers(first: 5) {",
    "    totalCount",
    "    pageInfo { hasNextPage endCursor }",
    "    nodes { id name email country { code name } }",
    "  }",
    "}",
    ""
  ].join("\n");
  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: defaultQuery,
      headers: JSON.stringify({ "X-API-Key": "" }, null, 2),
      defaultEditorToolsVisibility: "headers",
      shouldPersistHeaders: false
    })
  );
})();
