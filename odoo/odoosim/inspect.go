package odoosim

import (
	"fmt"
	"sort"
)

// Find returns the records of model matching an Odoo domain, read like
// search_read with all fields (many2one as []any{id, name}, empty values
// as false), in the model's default order. It runs as the administrator
// with active_test, so archived records need an explicit
// []any{"active", "in", []any{true, false}}. It returns nil for an unknown
// model or an invalid domain; FindErr tells why.
func (s *Server) Find(model string, domain []any) []map[string]any {
	out, _ := s.FindErr(model, domain)
	return out
}

// FindErr is Find with the error.
func (s *Server) FindErr(model string, domain []any) ([]map[string]any, error) {
	m := s.reg.model(model)
	if m == nil {
		return nil, fmt.Errorf("odoosim: unknown model %q", model)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	e := newEnv(s.reg, s.st, AdminUID, s.cfg.clock())
	e.sudo = true
	recs, err := e.search(m, importValue(domain), 0, 0, "", nil)
	if err != nil {
		return nil, err
	}
	return toMaps(e.readRecords(m, recs, m.fields, true)), nil
}

// Record returns one record read with all fields, or nil if it does not
// exist (archived records included).
func (s *Server) Record(model string, id int) map[string]any {
	m := s.reg.model(model)
	if m == nil {
		return nil
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	r := s.st.tables[model].recs[id]
	if r == nil {
		return nil
	}
	e := newEnv(s.reg, s.st, AdminUID, s.cfg.clock())
	e.sudo = true
	e.activeTest = false
	return toMaps(e.readRecords(m, []*record{r}, m.fields, true))[0]
}

// Count returns the number of records of model matching domain (with
// active_test), or -1 for an unknown model or invalid domain.
func (s *Server) Count(model string, domain []any) int {
	m := s.reg.model(model)
	if m == nil {
		return -1
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	e := newEnv(s.reg, s.st, AdminUID, s.cfg.clock())
	e.sudo = true
	n, err := e.count(m, importValue(domain), 0, nil)
	if err != nil {
		return -1
	}
	return n
}

func toMaps(rows []any) []map[string]any {
	out := make([]map[string]any, len(rows))
	for i, r := range rows {
		out[i] = plain(r).(map[string]any)
	}
	return out
}

// importValue converts values built in Go (int64, []int, maps...) to the
// forms decoded XML-RPC values take.
func importValue(v any) any {
	switch x := v.(type) {
	case int64:
		return int(x)
	case int32:
		return int(x)
	case []int:
		out := make([]any, len(x))
		for i, n := range x {
			out[i] = n
		}
		return out
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = importValue(e)
		}
		return out
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		d := newDict()
		for _, k := range keys {
			d.Set(k, importValue(x[k]))
		}
		return d
	}
	return v
}
