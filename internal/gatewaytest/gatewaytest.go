// Package gatewaytest builds the pieces a gateway test needs, all real: the
// Odoo simulator behind an HTTP server, the XML-RPC transport and data
// service talking to it over the wire, and an access stack with in-memory
// keys.
package gatewaytest

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"odoo-gateway/access"
	"odoo-gateway/access/accesstest"
	"odoo-gateway/odoo"
	"odoo-gateway/odoo/odoosim"
)

// Env is a simulated Odoo and the gateway's data service and access stack.
type Env struct {
	// Sim is the simulated Odoo: its knobs inject latency and failures,
	// its call log shows what the gateway sent upstream.
	Sim *odoosim.Server
	// OdooURL is where Sim listens.
	OdooURL string
	// Odoo is the data service, started (versions and fields read).
	Odoo *odoo.Service
	// Access is an access stack with in-memory keys and limiter.
	Access *accesstest.Env
}

// Options adjust New.
type Options struct {
	// Sim are options of the simulator (e.g. odoosim.WithVersion17()).
	Sim []odoosim.Option
	// Access is the access stack's configuration (zero: defaults).
	Access access.Config
	// Timeout bounds each upstream call (default 10s).
	Timeout time.Duration
	// Service are options of the data service.
	Service []odoo.Option
}

// New starts a simulator and a data service over XML-RPC; everything is
// closed when the test ends.
func New(t testing.TB, opts Options) *Env {
	t.Helper()
	sim := odoosim.New(opts.Sim...)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	timeout := opts.Timeout
	if timeout == 0 {
		timeout = 10 * time.Second
	}
	tr, err := odoo.NewXMLRPC(odoo.XMLRPCConfig{
		URL: srv.URL, Database: odoosim.DB, Login: odoosim.AdminLogin, Password: odoosim.AdminPassword,
		Timeout: timeout,
	})
	if err != nil {
		t.Fatal(err)
	}
	env := &Env{Sim: sim, OdooURL: srv.URL, Access: accesstest.New(t, opts.Access)}
	env.Odoo = odoo.NewService(tr, append([]odoo.Option{odoo.WithObserver(env.Access.Stack.OdooObserver())}, opts.Service...)...)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := env.Odoo.Start(ctx); err != nil {
		t.Fatalf("starting the data service against the simulator: %v", err)
	}
	sim.ResetCalls()
	return env
}

// Calls returns the upstream calls the simulator saw for model.method
// (either may be empty to match all) since the last ResetCalls.
func (e *Env) Calls(model, method string) []odoosim.Call {
	var out []odoosim.Call
	for _, c := range e.Sim.Calls() {
		if (model == "" || c.Model == model) && (method == "" || c.ModelMethod == method) {
			out = append(out, c)
		}
	}
	return out
}
