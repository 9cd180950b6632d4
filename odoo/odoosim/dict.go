package odoosim

// dict is an insertion-ordered string map: the Python dicts Odoo returns
// keep their order on the wire (fields as requested, "id" first, web_read
// specifications...), and tests compare member order.
type dict struct {
	keys []string
	m    map[string]any
}

func newDict() *dict { return &dict{m: map[string]any{}} }

// Set adds or replaces key; a replaced key keeps its position, as in Python.
func (d *dict) Set(key string, v any) {
	if _, ok := d.m[key]; !ok {
		d.keys = append(d.keys, key)
	}
	d.m[key] = v
}

func (d *dict) Get(key string) (any, bool) {
	v, ok := d.m[key]
	return v, ok
}

func (d *dict) Has(key string) bool {
	_, ok := d.m[key]
	return ok
}

func (d *dict) Delete(key string) {
	if _, ok := d.m[key]; !ok {
		return
	}
	delete(d.m, key)
	for i, k := range d.keys {
		if k == key {
			d.keys = append(d.keys[:i:i], d.keys[i+1:]...)
			break
		}
	}
}

func (d *dict) Len() int { return len(d.keys) }

func (d *dict) Keys() []string { return d.keys }

// plain converts ordered values back to maps for callers outside the
// package (call log, Find), who care about values rather than order.
func plain(v any) any {
	switch x := v.(type) {
	case *dict:
		out := make(map[string]any, len(x.keys))
		for _, k := range x.keys {
			out[k] = plain(x.m[k])
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	}
	return v
}
