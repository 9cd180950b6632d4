package graph

import (
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/redis/go-redis/v9"
	"github.com/vektah/gqlparser/v2/ast"

	"odoo-gateway/access"
	"odoo-gateway/graph/generated"
	"odoo-gateway/idempotency"
	"odoo-gateway/odoo"
)

// Config is what the GraphQL endpoint needs. Zero values mean the
// documented defaults; Odoo and Stack are required.
type Config struct {
	// Odoo is the data service every resolver reads and writes through.
	Odoo Odoo
	// Stack authenticates every request but the GraphiQL page, with the
	// same keys, scopes and rate limits as REST.
	Stack *access.Stack
	// Idempotency stores the outcomes of mutations sent with an
	// idempotencyKey; share REST's store. Nil means an in-memory store.
	Idempotency *idempotency.Store
	// Redis, when set, holds automatic persisted queries shared by every
	// gateway instance; nil keeps them in memory.
	Redis redis.UniversalClient
	// RedisPrefix starts the Redis keys (default "gw:"; queries live
	// under <prefix>apq:<sha256>).
	RedisPrefix string
	// RedisTimeout bounds each Redis call (default 100ms).
	RedisTimeout time.Duration
	// APQTTL is how long Redis keeps an unused persisted query (default
	// 24h).
	APQTTL time.Duration
	// Introspection allows __schema and __type queries (GraphiQL and code
	// generators need them). Off by default in production.
	Introspection bool
	// Suggestions lets validation errors suggest field names ("Did you
	// mean ...?"), which reveals the schema; off by default in production.
	Suggestions bool
	// MaxDepth is the deepest nesting of fields allowed (default 10).
	MaxDepth int
	// MaxComplexity is the highest query cost allowed (default 5000; see
	// limits.go for the cost model).
	MaxComplexity int
	// MaxTokens bounds the tokens the parser reads (default 15000).
	MaxTokens int
}

func (c *Config) applyDefaults() {
	if c.Odoo == nil || c.Stack == nil {
		panic("graph: Config.Odoo and Config.Stack are required")
	}
	if c.Idempotency == nil {
		c.Idempotency = idempotency.NewMemory()
	}
	if c.RedisPrefix == "" {
		c.RedisPrefix = "gw:"
	}
	if c.RedisTimeout <= 0 {
		c.RedisTimeout = 100 * time.Millisecond
	}
	if c.APQTTL <= 0 {
		c.APQTTL = DefaultAPQTTL
	}
	if c.MaxDepth <= 0 {
		c.MaxDepth = DefaultMaxDepth
	}
	if c.MaxComplexity <= 0 {
		c.MaxComplexity = DefaultMaxComplexity
	}
	if c.MaxTokens <= 0 {
		c.MaxTokens = DefaultMaxTokens
	}
}

// Route labels of the endpoint in the access log and metrics.
const (
	routeEndpoint = "/graphql"
	routeAssets   = graphiqlPrefix + "{asset}"
)

// NewHandler returns the handler of /graphql and /graphql/graphiql/: the
// GraphiQL page for browsers, and GraphQL over HTTP (POST, and GET for
// queries) inside the access stack's authentication. Mount it at both
// paths, inside the stack's Wrap.
func NewHandler(cfg Config) http.Handler {
	cfg.applyDefaults()
	api := cfg.Stack.Authenticate(withRequestState(cfg.Odoo, newServer(cfg)), access.WithErrorWriter(writeAccessError))
	page := newGraphiQL()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, graphiqlPrefix):
			access.SetRoute(r, routeAssets)
			page.serveAsset(w, r)
		case r.URL.Path != routeEndpoint:
			access.SetRoute(r, routeEndpoint)
			writeAccessError(w, r, odoo.Errorf(odoo.ENotFound, "There is no %s; the GraphQL endpoint is /graphql.", r.URL.Path))
		case wantsPage(r):
			access.SetRoute(r, routeEndpoint)
			page.servePage(w, r)
		case r.Method != http.MethodGet && r.Method != http.MethodPost:
			access.SetRoute(r, routeEndpoint)
			writeAccessError(w, r, access.MethodNotAllowed(http.MethodGet, http.MethodPost))
		default:
			access.SetRoute(r, routeEndpoint)
			api.ServeHTTP(w, r)
		}
	})
}

// newServer builds the gqlgen server: the executable schema with the
// resolvers and @hasScope, the transports, the limits, introspection, APQ,
// the error presenter and panic recovery.
func newServer(cfg Config) *handler.Server {
	schema := generated.NewExecutableSchema(generated.Config{
		Resolvers:  &Resolver{odoo: cfg.Odoo, idempotency: cfg.Idempotency},
		Directives: generated.DirectiveRoot{HasScope: hasScope},
	})
	m := newMetrics(cfg.Stack.Registerer())
	srv := handler.New(schema)
	srv.AddTransport(httpTransport{})
	srv.SetQueryCache(parsedQueries{lru.New[*ast.QueryDocument](parsedQueryCacheSize)})
	srv.SetParserTokenLimit(cfg.MaxTokens)
	srv.SetDisableSuggestion(!cfg.Suggestions)
	if cfg.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(extension.AutomaticPersistedQuery{
		Cache: countedQueries{newQueryStore(cfg.Redis, cfg.RedisPrefix, cfg.APQTTL, cfg.RedisTimeout), m},
	})
	srv.Use(limits{maxDepth: cfg.MaxDepth, maxComplexity: cfg.MaxComplexity, observe: m.complexity.Observe})
	srv.AroundOperations(m.countOperations)
	srv.SetErrorPresenter(m.presenter)
	srv.SetRecoverFunc(recoverPanic)
	return srv
}
