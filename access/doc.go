// Package access is the one middleware stack that the REST API and the
// GraphQL endpoint share, so that a key, a scope or a limit means the same
// thing on both.
//
// A Stack has two layers:
//
//   - Wrap goes around the whole top-level router (REST, GraphQL, docs,
//     metrics): request ids, panic recovery, the access log, metrics,
//     security headers, CORS (preflights to any path included) and the
//     request body limit.
//   - Authenticate goes around everything that needs a principal: API keys
//     and JWT bearer tokens, throttling of failed attempts per client IP,
//     the per-principal rate limit (Redis when configured, in memory
//     otherwise) and its response headers.
//
// Inside, Require (REST routes) and Allow (the GraphQL @hasScope directive)
// answer "may this principal do X" in one place, and WriteError turns any
// error into an RFC 9457 problem with the shared error codes of package odoo.
//
// The package never reads the environment: the server passes a Config.
package access
