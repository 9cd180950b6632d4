package odoosim

import (
	"fmt"
	"sync"
	"testing"
)

// TestConcurrentReadsAndWrites is meant for -race: readers, writers and
// knob changes at the same time must neither race nor see torn records.
func TestConcurrentReadsAndWrites(t *testing.T) {
	srv := New()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				id, f := callAs(t, srv, AdminUID, AdminPassword, "res.partner", "create", []any{map[string]any{"name": fmt.Sprintf("Writer %d-%d", w, i), "parent_id": 9}}, nil)
				if f != nil {
					errs <- f
					return
				}
				if _, f := callAs(t, srv, AdminUID, AdminPassword, "res.partner", "write", []any{[]any{id}, map[string]any{"phone": "+1"}}, nil); f != nil {
					errs <- f
					return
				}
				if i%2 == 0 {
					if _, f := callAs(t, srv, AdminUID, AdminPassword, "res.partner", "unlink", []any{[]any{id}}, nil); f != nil {
						errs <- f
						return
					}
				}
			}
		}(w)
	}
	for r := 0; r < 8; r++ {
		wg.Add(1)
		go func(r int) {
			defer wg.Done()
			for i := 0; i < 15; i++ {
				rows, f := callAs(t, srv, AdminUID, AdminPassword, "res.partner", "search_read", []any{[]any{[]any{"parent_id", "=", 9}}}, map[string]any{"fields": []any{"name", "display_name", "phone"}})
				if f != nil {
					errs <- f
					return
				}
				for _, row := range rows.([]any) {
					m := row.(map[string]any)
					if m["display_name"] != "Acme Corporation, "+m["name"].(string) {
						errs <- fmt.Errorf("torn record %v", m)
						return
					}
				}
				if _, f := callAs(t, srv, APIUserUID, APIUserAPIKey, "sale.order", "web_search_read", []any{[]any{}, map[string]any{"name": map[string]any{}, "order_line": map[string]any{"fields": map[string]any{"name": map[string]any{}}}}}, nil); f != nil {
					errs <- f
					return
				}
				srv.Calls()
				if r == 0 && i%5 == 0 {
					srv.SetLatency(0)
					srv.ClearFailures()
				}
			}
		}(r)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := srv.Count("res.partner", []any{[]any{"name", "=like", "Writer %"}}); n != 20 {
		t.Errorf("%d writer partners left, want 20", n)
	}
}
