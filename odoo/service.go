package odoo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/sony/gobreaker/v2"
	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/singleflight"
)

// Service is the Odoo data service both APIs use: typed reads with field
// pushdown, filters, sorting, offset and keyset pages, and partner writes.
type Service struct {
	t   Transport
	obs Observer
	log *slog.Logger

	mu      sync.RWMutex
	version Version
	// fields holds fields_get per Odoo model, read once at start; a model
	// missing here is assumed to have every field's newest name.
	fields map[string]map[string]fieldInfo

	reads           singleflight.Group
	breaker         *gobreaker.CircuitBreaker[any]
	breakerFailures int
	breakerCooldown time.Duration
	countries       countryCache
	health          healthCache
}

// fieldInfo is what the service keeps of fields_get.
type fieldInfo struct {
	Type      string
	Relation  string
	Selection []string
}

// Option configures a Service.
type Option func(*Service)

// WithObserver reports every upstream call to o (metrics).
func WithObserver(o Observer) Option { return func(s *Service) { s.obs = o } }

// WithLogger sets the logger for upstream failures.
func WithLogger(l *slog.Logger) Option { return func(s *Service) { s.log = l } }

// NewService returns a service over t. Call Start before serving.
func NewService(t Transport, opts ...Option) *Service {
	s := &Service{t: t, log: slog.New(slog.DiscardHandler), breakerFailures: 5, breakerCooldown: 5 * time.Second}
	for _, o := range opts {
		o(s)
	}
	s.breaker = newOdooBreaker(s.breakerFailures, s.breakerCooldown, func() *slog.Logger { return s.log })
	return s
}

// models lists the Odoo models the API reads, for fields_get at start.
var models = []string{
	"res.partner", "res.country", "product.product", "sale.order",
	"sale.order.line", "account.move", "account.move.line",
}

// Start checks the server's version and credentials and reads fields_get
// of every model the API uses, so that field names map onto this Odoo
// version. Its errors are meant to be shown to whoever runs the gateway.
func (s *Service) Start(ctx context.Context) error {
	v, err := s.t.Version(ctx)
	if err != nil {
		return fmt.Errorf("cannot reach Odoo: %s", describe(err))
	}
	if v.Major != 0 && v.Major < 17 {
		return fmt.Errorf("odoo %s is not supported: the gateway needs Odoo 17 or later (web_search_read)", v.Server)
	}
	if _, err := s.t.Authenticate(ctx); err != nil {
		return fmt.Errorf("cannot log in to Odoo: %s", describe(err))
	}
	fields := make(map[string]map[string]fieldInfo, len(models))
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	for _, model := range models {
		g.Go(func() error {
			info, err := s.fieldsGet(gctx, model)
			if err != nil {
				if f := faultOf(err); f != nil && f.Code == faultUserError {
					s.log.Warn("odoo model unavailable; its resources will fail", "model", model, "error", err)
					return nil
				}
				return fmt.Errorf("cannot read the fields of %s: %s", model, describe(err))
			}
			mu.Lock()
			fields[model] = info
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	s.mu.Lock()
	s.version = v
	s.fields = fields
	s.mu.Unlock()
	return nil
}

// describe renders an error for an operator: the safe message plus the
// cause, since the operator (unlike a client) may see it.
func describe(err error) string {
	var e *Error
	if errors.As(err, &e) {
		parts := []string{}
		if e.Message != "" {
			parts = append(parts, strings.TrimSuffix(e.Message, "."))
		}
		if e.Err != nil {
			parts = append(parts, firstLine(e.Err.Error()))
		}
		if len(parts) > 0 {
			return strings.Join(parts, ": ")
		}
	}
	return firstLine(err.Error())
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// fieldsGet reads a model's fields with the attributes the service uses.
func (s *Service) fieldsGet(ctx context.Context, model string) (map[string]fieldInfo, error) {
	v, err := s.execute(ctx, model, "fields_get", nil, map[string]any{
		"attributes": []any{"type", "relation", "selection"},
	})
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, &Error{Code: EInternal, Err: fmt.Errorf("odoo: fields_get answered %T", v)}
	}
	out := make(map[string]fieldInfo, len(m))
	for name, raw := range m {
		attrs, _ := raw.(map[string]any)
		fi := fieldInfo{}
		fi.Type, _ = attrs["type"].(string)
		fi.Relation, _ = attrs["relation"].(string)
		if sel, ok := attrs["selection"].([]any); ok {
			for _, pair := range sel {
				if p, ok := pair.([]any); ok && len(p) > 0 {
					if v, ok := p[0].(string); ok {
						fi.Selection = append(fi.Selection, v)
					}
				}
			}
		}
		out[name] = fi
	}
	return out, nil
}

// Version is the Odoo version found by Start.
func (s *Service) Version() Version {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.version
}

// pick implements availability from fields_get.
func (s *Service) pick(model string, candidates []string) (string, bool) {
	s.mu.RLock()
	m, ok := s.fields[model]
	s.mu.RUnlock()
	if !ok {
		return candidates[0], true
	}
	for _, c := range candidates {
		if _, ok := m[c]; ok {
			return c, true
		}
	}
	return "", false
}

// selectionValues returns the allowed values of a selection field, or nil
// when unknown.
func (s *Service) selectionValues(model, field string) []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.fields[model][field].Selection
}

// readMethods are coalesced: identical concurrent reads share one call.
var readMethods = map[string]bool{
	"web_search_read": true, "web_read": true, "search_read": true, "read": true,
	"search_count": true, "search": true, "fields_get": true, "name_search": true,
}

// execute makes one upstream call, counted for the request's access log
// and the metrics, behind the circuit breaker. Identical reads in flight
// at the same time share one call.
func (s *Service) execute(ctx context.Context, model, method string, args []any, kwargs map[string]any) (any, error) {
	if !readMethods[method] {
		return s.executeOnce(ctx, model, method, args, kwargs)
	}
	key, err := json.Marshal([]any{model, method, args, kwargs})
	if err != nil {
		return s.executeOnce(ctx, model, method, args, kwargs)
	}
	// The shared call must not die with the first caller's context.
	shared := context.WithoutCancel(ctx)
	ch := s.reads.DoChan(string(key), func() (any, error) {
		return s.executeOnce(shared, model, method, args, kwargs)
	})
	select {
	case res := <-ch:
		return res.Val, res.Err
	case <-ctx.Done():
		return nil, transportError(ctx, 0, ctx.Err())
	}
}

// executeOnce makes exactly one upstream call, unless the circuit breaker
// is open.
func (s *Service) executeOnce(ctx context.Context, model, method string, args []any, kwargs map[string]any) (any, error) {
	v, err := s.breaker.Execute(func() (any, error) {
		start := time.Now()
		v, err := s.t.Execute(ctx, model, method, args, kwargs)
		d := time.Since(start)
		CallStatsFrom(ctx).add(d)
		if s.obs != nil {
			s.obs.ObserveOdooCall(model, method, d, ErrorCode(err))
		}
		return v, err
	})
	if errors.Is(err, gobreaker.ErrOpenState) || errors.Is(err, gobreaker.ErrTooManyRequests) {
		return nil, &Error{Code: EUpstreamUnavailable, Err: errCircuitOpen}
	}
	if err != nil {
		s.logFailure(ctx, model, method, err)
	}
	return v, err
}

// logFailure keeps the internal detail of a failed call (a traceback, a
// network error) in the log; the client only sees the mapped code.
func (s *Service) logFailure(ctx context.Context, model, method string, err error) {
	code := ErrorCode(err)
	level := slog.LevelWarn
	if code == EInternal {
		level = slog.LevelError
	}
	if code == EValidation || code == ENotFound || code == EForbidden {
		level = slog.LevelInfo
	}
	s.log.Log(ctx, level, "odoo call failed", "model", model, "method", method, "code", code, "error", err.Error())
}
