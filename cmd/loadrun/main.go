// Command loadrun is the gateway's load run: it starts the Odoo simulator
// and the gateway binary (wired exactly as in production, here against the
// simulator), then drives concurrent clients at a few scenarios in one run
// and prints requests per second and latencies, each as a ratio against
// the baseline measured in the same run: the upstream call itself, the
// web_search_read a REST list makes, POSTed straight to the simulator.
//
//	go build -o /tmp/odoo-gateway . && go run ./cmd/loadrun -gateway /tmp/odoo-gateway
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"odoo-gateway/access"
	"odoo-gateway/odoo/odoosim"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "loadrun:", err)
		os.Exit(1)
	}
}

func run() error {
	binary := flag.String("gateway", "", "the gateway binary (go build -o /tmp/odoo-gateway .)")
	duration := flag.Duration("duration", 10*time.Second, "how long each scenario runs")
	concurrency := flag.Int("concurrency", 16, "concurrent clients")
	protocol := flag.String("protocol", "xmlrpc", "the gateway's protocol to Odoo: xmlrpc or json2")
	flag.Parse()
	if *binary == "" {
		return errors.New("-gateway is required")
	}

	// The simulator, recording the body of the gateway's list call so that
	// the baseline replays exactly what the gateway asks of Odoo.
	sim := odoosim.New()
	var listBody atomic.Value
	simURL, stopSim, err := serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if strings.HasSuffix(r.URL.Path, "/res.partner/web_search_read") || bytes.Contains(body, []byte("web_search_read")) && bytes.Contains(body, []byte("res.partner")) {
			listBody.CompareAndSwap(nil, upstreamCall{path: r.URL.Path, header: r.Header.Clone(), body: body})
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		sim.ServeHTTP(w, r)
	}))
	if err != nil {
		return err
	}
	defer stopSim()

	dir, err := os.MkdirTemp("", "loadrun")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	keysFile := filepath.Join(dir, "keys.json")
	key, _, err := access.CreateKey(keysFile, access.KeySpec{Name: "load", Scopes: []string{access.ScopeAll}, RatePerMin: 100_000_000})
	if err != nil {
		return err
	}
	base, stopGateway, err := startGateway(*binary, simURL, keysFile, *protocol)
	if err != nil {
		return err
	}
	defer stopGateway()

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *concurrency * 2}}
	get := func(path string) func() (*http.Request, error) {
		return func() (*http.Request, error) {
			req, err := http.NewRequest(http.MethodGet, base+path, nil)
			req.Header.Set("X-API-Key", key)
			return req, err
		}
	}
	graphql := func(query string) func() (*http.Request, error) {
		body := fmt.Sprintf(`{"query": %q}`, query)
		return func() (*http.Request, error) {
			req, err := http.NewRequest(http.MethodPost, base+"/graphql", strings.NewReader(body))
			req.Header.Set("X-API-Key", key)
			req.Header.Set("Content-Type", "application/json")
			return req, err
		}
	}
	// One REST list first, so that the baseline has its upstream body.
	if err := once(client, get("/api/v1/partners?limit=50")); err != nil {
		return err
	}
	upstream, ok := listBody.Load().(upstreamCall)
	if !ok {
		return errors.New("the gateway's list call was not seen upstream")
	}
	scenarios := []struct {
		name string
		req  func() (*http.Request, error)
	}{
		{"baseline: the list's upstream call, straight to the simulator", func() (*http.Request, error) {
			req, err := http.NewRequest(http.MethodPost, simURL+upstream.path, bytes.NewReader(upstream.body))
			req.Header = upstream.header.Clone()
			return req, err
		}},
		{"REST GET /api/v1/partners?limit=50 (identical requests: coalesced)", get("/api/v1/partners?limit=50")},
		{"REST GET /api/v1/partners?limit=50&offset=N (all different)", distinct(get, "/api/v1/partners?limit=50&offset=%d", 200)},
		{"REST GET /api/v1/partners?limit=50&fields=name,email", get("/api/v1/partners?limit=50&fields=name,email")},
		{"REST GET /api/v1/sale-orders/1 (with lines)", get("/api/v1/sale-orders/1")},
		{"GraphQL 50 orders with partner, country, lines, products", graphql(`{ saleOrders(first: 50) { nodes { name amountTotal { amount currency } partner { name country { code } } lines { quantity product { name } } } } }`)},
		{"GET /api/v1/health (public, cached; the stack's floor)", func() (*http.Request, error) { return http.NewRequest(http.MethodGet, base+"/api/v1/health", nil) }},
	}
	fmt.Printf("loadrun: %s, %d clients, %s per scenario; simulator, gateway and clients share the machine\n\n", *protocol, *concurrency, *duration)
	fmt.Printf("| scenario | req/s | ratio | p50 | p99 | errors |\n|---|---|---|---|---|---|\n")
	var baseRate float64
	for i, sc := range scenarios {
		res := drive(client, sc.req, *concurrency, *duration)
		if i == 0 {
			baseRate = res.rate
		}
		fmt.Printf("| %s | %.0f | %.2f | %s | %s | %d |\n", sc.name, res.rate, res.rate/baseRate, res.p50.Round(10*time.Microsecond), res.p99.Round(10*time.Microsecond), res.errors)
	}
	return nil
}

// distinct makes every request different (offsets 0..n-1 in turn), so
// that none can share an upstream call with another in flight.
func distinct(get func(string) func() (*http.Request, error), format string, n int) func() (*http.Request, error) {
	var i atomic.Int64
	return func() (*http.Request, error) {
		return get(fmt.Sprintf(format, i.Add(1)%int64(n)))()
	}
}

// upstreamCall is a request the gateway made to Odoo, to replay.
type upstreamCall struct {
	path   string
	header http.Header
	body   []byte
}

// result is what one scenario measured.
type result struct {
	rate     float64
	p50, p99 time.Duration
	errors   int64
}

// drive runs concurrency clients for d, each sending newReq in a loop.
func drive(client *http.Client, newReq func() (*http.Request, error), concurrency int, d time.Duration) result {
	var (
		mu        sync.Mutex
		latencies []time.Duration
		errs      atomic.Int64
		wg        sync.WaitGroup
	)
	deadline := time.Now().Add(d)
	start := time.Now()
	for range concurrency {
		wg.Go(func() {
			var mine []time.Duration
			for time.Now().Before(deadline) {
				t0 := time.Now()
				if err := once(client, newReq); err != nil {
					errs.Add(1)
					continue
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(latencies)
	pct := func(p float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[int(float64(len(latencies)-1)*p)]
	}
	return result{rate: float64(len(latencies)) / elapsed.Seconds(), p50: pct(0.5), p99: pct(0.99), errors: errs.Load()}
}

// once sends one request and checks it succeeded.
func once(client *http.Client, newReq func() (*http.Request, error)) error {
	req, err := newReq()
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || bytes.Contains(body, []byte(`"errors"`)) || bytes.Contains(body, []byte("<fault>")) {
		return fmt.Errorf("%s %s: %d %.200s", req.Method, req.URL, resp.StatusCode, body)
	}
	return nil
}

// serve runs h on a loopback port.
func serve(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// startGateway starts the gateway binary against the simulator and waits
// until it listens.
func startGateway(binary, odooURL, keysFile, protocol string) (string, func(), error) {
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, binary, "-addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(),
		"ODOO_URL="+odooURL, "ODOO_DB="+odoosim.DB, "ODOO_USER="+odoosim.AdminLogin, "ODOO_PASSWORD="+odoosim.AdminAPIKey,
		"GATEWAY_KEYS_FILE="+keysFile, "GATEWAY_LOG_LEVEL=warn", "ODOO_PROTOCOL="+protocol)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		cancel()
		return "", nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		cancel()
		return "", nil, err
	}
	stop := func() { cancel(); cmd.Wait() }
	sc := bufio.NewScanner(stdout)
	re := regexp.MustCompile(`listening on (http://\S+)`)
	for sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			go io.Copy(io.Discard, stdout)
			return m[1], stop, nil
		}
	}
	stop()
	return "", nil, errors.New("the gateway did not start")
}
