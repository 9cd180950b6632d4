package odoosim

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkSearchRead20 measures a 20-record, 5-field search_read through
// ServeHTTP, the gateway's most common call.
func BenchmarkSearchRead20(b *testing.B) {
	srv := New()
	body, err := EncodeCall("execute_kw", DB, AdminUID, AdminPassword, "res.partner", "search_read",
		[]any{[]any{}}, map[string]any{"fields": []any{"name", "email", "phone", "country_id", "write_date"}, "limit": 20})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/xmlrpc/2/object", bytes.NewReader(body)))
		if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte("<fault>")) {
			b.Fatalf("bad answer: %s", rec.Body.String())
		}
	}
}
