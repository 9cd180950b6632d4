package odoo

import (
	"context"
	"time"
)

// Transport carries one call of Odoo's external API. The XML-RPC transport
// is the one in use; an Odoo 19 JSON-2 transport can sit beside it because
// the service only ever speaks in these terms.
//
// Results are plain decoded values: map[string]any, []any, int64, float64,
// bool, string and nil. They are normalised into typed models in one place
// (values.go), whichever transport produced them.
type Transport interface {
	// Execute runs model.method with positional args and keyword args, as
	// the user the transport was configured with.
	Execute(ctx context.Context, model, method string, args []any, kwargs map[string]any) (any, error)
	// Version answers the server's version without authenticating.
	Version(ctx context.Context) (Version, error)
	// Authenticate checks the configured credentials and returns the uid.
	Authenticate(ctx context.Context) (int, error)
}

// Version describes the Odoo server the gateway talks to.
type Version struct {
	// Server is the version string, e.g. "19.0" or "saas~18.4".
	Server string
	// Major is the major version number, e.g. 19.
	Major int
}

// Observer is told about every upstream call, for metrics. Code is "" for a
// successful call and an error code otherwise.
type Observer interface {
	ObserveOdooCall(model, method string, d time.Duration, code string)
}
