// Command odoo-gateway puts a modern, safe API in front of an Odoo ERP:
// GraphQL for single-page apps and REST for integrators, behind one access
// stack, served from one Odoo data service.
//
//	go run . -demo                    # against the built-in Odoo simulator
//	ODOO_URL=... go run .             # against a real Odoo (see README)
//	go run . keys create -name shop -scopes partners:read -rate-per-min 120
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"

	"odoo-gateway/access"
	"odoo-gateway/graph"
	"odoo-gateway/idempotency"
	"odoo-gateway/odoo"
	"odoo-gateway/odoo/odoosim"
	"odoo-gateway/rest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args, os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "odoo-gateway: %v\n", err)
		os.Exit(1)
	}
}

// run is the whole program: it returns when ctx ends (after a graceful
// shutdown) or on a configuration or startup error.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 1 && args[1] == "keys" {
		return access.KeysCommand(args[2:], getenv("GATEWAY_KEYS_FILE"), stdout)
	}
	cfg, err := loadConfig(args, getenv)
	if err != nil {
		return err
	}
	logger := newLogger(cfg, stderr)

	var demoKeys []string
	if cfg.demo {
		sim, stopSim, err := startSimulator()
		if err != nil {
			return err
		}
		defer stopSim()
		cfg.odoo.URL = sim
		cfg.odoo.Database, cfg.odoo.Login, cfg.odoo.Password = odoosim.DB, odoosim.AdminLogin, odoosim.AdminAPIKey
		keys, full, readOnly, err := access.DemoKeys(time.Now())
		if err != nil {
			return err
		}
		cfg.access.ExtraKeys = append(cfg.access.ExtraKeys, keys...)
		demoKeys = []string{full, readOnly}
	}

	transport, err := newTransport(cfg)
	if err != nil {
		return fmt.Errorf("ODOO_URL: %w", err)
	}
	if cfg.redisURL != "" {
		redis.SetLogger(redisLog{logger})
		client, err := access.NewRedisClient(cfg.redisURL)
		if err != nil {
			return fmt.Errorf("REDIS_URL: %w", err)
		}
		defer client.Close()
		cfg.access.Redis = client
	}
	cfg.access.Logger = logger
	cfg.access.ReloadSignals = []os.Signal{syscall.SIGHUP}
	stack, err := access.New(cfg.access)
	if err != nil {
		return err
	}
	defer stack.Close()

	svc := odoo.NewService(transport, odoo.WithObserver(stack.OdooObserver()), odoo.WithLogger(logger))
	startCtx, cancel := context.WithTimeout(ctx, cfg.startTimeout)
	err = svc.Start(startCtx)
	cancel()
	if err != nil {
		return fmt.Errorf("%s (ODOO_URL=%s, ODOO_DB=%s, ODOO_USER=%s)", err, cfg.odoo.URL, cfg.odoo.Database, cfg.odoo.Login)
	}
	logger.Info("connected to Odoo", "url", cfg.odoo.URL, "database", cfg.odoo.Database, "version", svc.Version().Server)

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("GATEWAY_ADDR: cannot listen on %s: %w", cfg.addr, err)
	}
	idem := idempotency.NewMemory()
	if cfg.access.Redis != nil {
		idem = idempotency.NewRedis(cfg.access.Redis, cfg.access.RedisPrefix, 0)
	}
	gql := cfg.graphql
	gql.Odoo, gql.Stack, gql.Idempotency = svc, stack, idem
	gql.Redis, gql.RedisPrefix, gql.RedisTimeout = cfg.access.Redis, cfg.access.RedisPrefix, cfg.access.RedisTimeout
	srv := access.NewServer(cfg.addr, routes(deps{svc: svc, stack: stack, idem: idem, publicURL: cfg.publicURL, graphql: gql}), logger)
	printBanner(stdout, "http://"+ln.Addr().String(), demoKeys)

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down; letting in-flight requests finish", "timeout", cfg.shutdownTimeout.String())
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// deps are what the APIs are built from.
type deps struct {
	svc       *odoo.Service
	stack     *access.Stack
	idem      *idempotency.Store
	publicURL string
	graphql   graph.Config
}

// routes lists the whole API: REST and its docs under /api/, GraphQL at
// /graphql, metrics at /metrics, all inside the access stack.
func routes(d deps) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/api/", rest.NewServer(rest.Config{Odoo: d.svc, Redis: d.stack, Stack: d.stack, Idempotency: d.idem, PublicURL: d.publicURL}))
	gql := graph.NewHandler(d.graphql)
	mux.Handle("/graphql", gql)
	mux.Handle("/graphql/", gql) // GraphiQL's assets
	mux.Handle("/metrics", d.stack.MetricsHandler())
	return d.stack.Wrap(mux)
}

// newTransport picks Odoo's protocol: XML-RPC (every version) or JSON-2
// (Odoo 19+, API key only).
func newTransport(cfg config) (odoo.Transport, error) {
	if cfg.odooProtocol == "json2" {
		return odoo.NewJSON2(odoo.JSON2Config{
			URL: cfg.odoo.URL, Database: cfg.odoo.Database, APIKey: cfg.odoo.Password,
			Timeout: cfg.odoo.Timeout, MaxResponseBytes: cfg.odoo.MaxResponseBytes,
		})
	}
	return odoo.NewXMLRPC(cfg.odoo)
}

// redisLog sends the Redis client's own messages (failed dials during an
// outage) to the structured log instead of stderr; the rate limiter logs
// the outage itself, so these are details.
type redisLog struct{ l *slog.Logger }

func (r redisLog) Printf(ctx context.Context, format string, v ...any) {
	r.l.DebugContext(ctx, "redis client", "detail", fmt.Sprintf(format, v...))
}

// startSimulator serves the built-in Odoo simulator on a loopback port, so
// that -demo exercises the same wire protocol as a real Odoo.
func startSimulator() (url string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("demo: cannot start the Odoo simulator: %w", err)
	}
	srv := &http.Server{Handler: odoosim.New(), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// printBanner tells whoever started the server where everything is; in
// demo mode it prints the demo keys, shown nowhere else.
func printBanner(w io.Writer, base string, demoKeys []string) {
	fmt.Fprintf(w, "odoo-gateway listening on %s\n", base)
	fmt.Fprintf(w, "  REST API:  %s/api/v1\n", base)
	fmt.Fprintf(w, "  API docs:  %s/api/docs/ui\n", base)
	fmt.Fprintf(w, "  GraphQL:   %s/graphql (GraphiQL in a browser)\n", base)
	fmt.Fprintf(w, "  Health:    %s/api/v1/health\n", base)
	fmt.Fprintf(w, "  Metrics:   %s/metrics\n", base)
	if len(demoKeys) == 2 {
		fmt.Fprintln(w, "Demo mode: the Odoo behind the gateway is the built-in simulator with demo data.")
		fmt.Fprintf(w, "DEMO_API_KEY=%s\n", demoKeys[0])
		fmt.Fprintf(w, "DEMO_READONLY_KEY=%s\n", demoKeys[1])
		fmt.Fprintf(w, "Try: curl -H \"X-API-Key: %s\" '%s/api/v1/partners?limit=2'\n", demoKeys[0], base)
	}
}

func newLogger(cfg config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.logLevel}
	var h slog.Handler
	if cfg.logFormat == "text" {
		h = slog.NewTextHandler(w, opts)
	} else {
		h = slog.NewJSONHandler(w, opts)
	}
	return slog.New(access.LogHandler(h))
}

// flags parses the command line.
func flags(args []string) (demo bool, addr string, err error) {
	name := "odoo-gateway"
	if len(args) > 0 {
		name = args[0]
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&demo, "demo", false, "serve against the built-in Odoo simulator with demo data")
	fs.StringVar(&addr, "addr", "", "listen address (overrides GATEWAY_ADDR)")
	if len(args) > 1 {
		if err := fs.Parse(args[1:]); err != nil {
			return false, "", fmt.Errorf("%w (usage: %s [-demo] [-addr host:port] | keys create|list|rotate|revoke)", err, name)
		}
	}
	return demo, addr, nil
}
