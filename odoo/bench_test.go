package odoo_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"odoo-gateway/internal/gatewaytest"
	"odoo-gateway/odoo"
	"odoo-gateway/odoo/odoosim"
)

// BenchmarkListPartners measures a 50-partner list through the data service
// and the XML-RPC client against the simulator; its baseline is the same
// upstream request POSTed raw, answer read but not decoded, so the ratio
// is the cost the gateway adds (encoding, decoding, normalising).
func BenchmarkListPartners(b *testing.B) {
	env := gatewaytest.New(b, gatewaytest.Options{})
	opt := odoo.ListOptions{Limit: 50, Select: odoo.SelectionOf("name", "email", "phone", "country", "updated_at", "is_company")}
	b.Run("service", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := env.Odoo.Partners(ctx, odoo.PartnerFilter{}, opt); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("service-json2", func(b *testing.B) {
		tr, err := odoo.NewJSON2(odoo.JSON2Config{URL: env.OdooURL, Database: odoosim.DB, APIKey: odoosim.AdminAPIKey})
		if err != nil {
			b.Fatal(err)
		}
		svc := odoo.NewService(tr)
		if err := svc.Start(ctx); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := svc.Partners(ctx, odoo.PartnerFilter{}, opt); err != nil {
				b.Fatal(err)
			}
		}
	})
	// Capture the exact request the service sent, to replay it raw.
	env.Sim.ResetCalls()
	var body []byte
	rec := &recordingTransport{inner: http.DefaultTransport, last: &body}
	tr, err := odoo.NewXMLRPC(odoo.XMLRPCConfig{URL: env.OdooURL, Database: "odoo", Login: "admin", Password: "admin", Client: &http.Client{Transport: rec}})
	if err != nil {
		b.Fatal(err)
	}
	svc := odoo.NewService(tr)
	if _, err := svc.Partners(ctx, odoo.PartnerFilter{}, opt); err != nil {
		b.Fatal(err)
	}
	b.Run("raw-post-baseline", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			resp, err := http.Post(env.OdooURL+"/xmlrpc/2/object", "text/xml", bytes.NewReader(body))
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
}

// recordingTransport keeps the last request body it sent.
type recordingTransport struct {
	inner http.RoundTripper
	last  *[]byte
}

func (r *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	b, _ := io.ReadAll(req.Body)
	*r.last = b
	req.Body = io.NopCloser(bytes.NewReader(b))
	return r.inner.RoundTrip(req)
}

// BenchmarkXMLTokenScan is the floor for decoding a captured answer: only
// tokenising the XML with encoding/xml, nothing built. Compare with
// BenchmarkDecodeCapture in the same run.
func BenchmarkXMLTokenScan(b *testing.B) {
	for _, name := range []string{
		"40-account.move-search_read-out_invoice",
		"41-res.partner-search_read-limit200",
		"42-res.country-search_read-limit200",
	} {
		data := captureResponse(b, name)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				dec := xml.NewDecoder(bytes.NewReader(data))
				for {
					if _, err := dec.RawToken(); err != nil {
						break
					}
				}
			}
		})
	}
}

func captureResponse(tb testing.TB, name string) []byte {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "odoo-wire", "xmlrpc", name+".json"))
	if err != nil {
		tb.Fatal(err)
	}
	var c struct {
		Response string `json:"response"`
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		tb.Fatal(err)
	}
	return []byte(c.Response)
}
