package rest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/gorilla/mux"

	"odoo-gateway/odoo"
)

// fieldsDef describes the top-level API fields of a resource for the
// `fields` parameter.
type fieldsDef struct {
	// all lists the resource's API fields in document order (without id,
	// which is always included).
	all []string
	// extra are fields a list leaves out unless asked for (an order's
	// lines: a page of 200 orders with their lines is large and slow).
	extra []string
	// extraInOne includes the extra fields in a get-by-id by default.
	extraInOne bool
}

// output is a parsed `fields` parameter: what to read upstream and which
// keys to write out.
type output struct {
	sel  odoo.Selection
	emit map[string]bool
}

// parse reads the `fields` parameter: a flat comma-separated list of
// top-level fields. Unknown names are problems of `fields`. The selection
// is always explicit, so that what Odoo is asked for is exactly what the
// answer shows (never all fields).
func (fd fieldsDef) parse(q *query, one bool) output {
	v, ok := q.get("fields")
	if !ok {
		var names []string
		for _, f := range fd.all {
			if !slices.Contains(fd.extra, f) || (one && fd.extraInOne) {
				names = append(names, f)
			}
		}
		return newOutput(names)
	}
	var names []string
	for raw := range strings.SplitSeq(v, ",") {
		name := strings.TrimSpace(raw)
		switch {
		case name == "":
			q.p.Add("fields", "has an empty field name")
		case name == "id":
		case !slices.Contains(fd.all, name):
			q.p.Add("fields", fmt.Sprintf("unknown field %q; fields: id, %s", name, strings.Join(fd.all, ", ")))
		case !slices.Contains(names, name):
			names = append(names, name)
		}
	}
	return newOutput(names)
}

func newOutput(names []string) output {
	out := output{sel: odoo.SelectionOf(names...), emit: make(map[string]bool, len(names)+1)}
	for _, n := range names {
		out.emit[n] = true
	}
	return out
}

// withFields returns a copy of sel that also reads names.
func withFields(sel odoo.Selection, names ...string) odoo.Selection {
	out := maps.Clone(sel)
	for _, n := range names {
		if _, ok := out[n]; !ok {
			out[n] = nil
		}
	}
	return out
}

// pathID reads the {id} of a route: a positive decimal integer that fits
// Odoo's 32-bit ids, written canonically (no sign, no leading zero).
func pathID(r *http.Request) (int, bool) {
	return parseID(mux.Vars(r)["id"])
}

// notFound is the 404 of a get, update or delete by id.
func notFound(resource string, r *http.Request) error {
	id := mux.Vars(r)["id"]
	if len(id) > 40 {
		id = id[:40] + "..."
	}
	return odoo.Errorf(odoo.ENotFound, "No %s with id %s.", resource, id)
}

// structFields is the cached layout of a model struct: its JSON keys in
// struct order and where each lives. Fields tagged json:"-" (related
// records kept for GraphQL) are not part of REST and never appear.
type structFields struct {
	names []string
	// keys are the names, quoted and followed by a colon.
	keys  []string
	index [][]int
}

var layouts sync.Map // reflect.Type -> *structFields

func layoutOf(t reflect.Type) *structFields {
	if l, ok := layouts.Load(t); ok {
		return l.(*structFields)
	}
	l := &structFields{}
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() || f.Anonymous {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		l.names = append(l.names, name)
		l.keys = append(l.keys, strconv.Quote(name)+":")
		l.index = append(l.index, f.Index)
	}
	actual, _ := layouts.LoadOrStore(t, l)
	return actual.(*structFields)
}

// encoder writes sparse JSON objects: only the selected keys of a model
// (id always), in struct order, with the models' own JSON encodings for
// values (Ref, Date, RFC 3339 times, null for nil).
type encoder struct {
	buf *bytes.Buffer
	enc *json.Encoder
}

func newEncoder(buf *bytes.Buffer) *encoder {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	return &encoder{buf: buf, enc: enc}
}

// object writes the fields of *T v that emit selects.
func (e *encoder) object(v any, emit map[string]bool) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			e.buf.WriteString("null")
			return nil
		}
		rv = rv.Elem()
	}
	l := layoutOf(rv.Type())
	e.buf.WriteByte('{')
	first := true
	for i, name := range l.names {
		if name != "id" && !emit[name] {
			continue
		}
		if !first {
			e.buf.WriteByte(',')
		}
		first = false
		e.buf.WriteString(l.keys[i])
		if err := e.value(rv.FieldByIndex(l.index[i]).Interface()); err != nil {
			return err
		}
	}
	e.buf.WriteByte('}')
	return nil
}

// value writes one value with encoding/json, without its trailing newline.
func (e *encoder) value(v any) error {
	if err := e.enc.Encode(v); err != nil {
		return err
	}
	e.buf.Truncate(e.buf.Len() - 1)
	return nil
}

// writeItem answers one record with the selected fields.
func writeItem(w http.ResponseWriter, r *http.Request, status int, item any, emit map[string]bool) {
	var buf bytes.Buffer
	if err := newEncoder(&buf).object(item, emit); err != nil {
		fail(w, r, err)
		return
	}
	buf.WriteByte('\n')
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
