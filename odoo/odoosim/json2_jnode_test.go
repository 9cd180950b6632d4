package odoosim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// A JSON tree for the conformance test, read with encoding/json rather
// than the simulator's own decoder.

// jnode is a JSON value as written: numbers keep their literal, so that
// an integer and a float with the same value differ, and objects keep
// their key order.
type jnode struct {
	kind string // object, array, string, int, float, bool, null
	str  string
	num  string
	b    bool
	arr  []*jnode
	keys []string
	vals []*jnode
}

func (n *jnode) get(key string) *jnode {
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

func (n *jnode) ints(f func(int)) {
	switch n.kind {
	case "int":
		var v int
		if _, err := fmt.Sscan(n.num, &v); err == nil {
			f(v)
		}
	case "array":
		for _, e := range n.arr {
			e.ints(f)
		}
	case "object":
		for _, e := range n.vals {
			e.ints(f)
		}
	}
}

func parseJNode(data []byte) (*jnode, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := readJNode(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("extra data after the value")
	}
	return n, nil
}

func readJNode(dec *json.Decoder) (*jnode, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch x := tok.(type) {
	case json.Delim:
		if x == '[' {
			n := &jnode{kind: "array", arr: []*jnode{}}
			for dec.More() {
				e, err := readJNode(dec)
				if err != nil {
					return nil, err
				}
				n.arr = append(n.arr, e)
			}
			_, err := dec.Token()
			return n, err
		}
		n := &jnode{kind: "object"}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return nil, err
			}
			v, err := readJNode(dec)
			if err != nil {
				return nil, err
			}
			n.keys = append(n.keys, k.(string))
			n.vals = append(n.vals, v)
		}
		_, err := dec.Token()
		return n, err
	case string:
		return &jnode{kind: "string", str: x}, nil
	case json.Number:
		if strings.ContainsAny(string(x), ".eE") {
			return &jnode{kind: "float", num: string(x)}, nil
		}
		return &jnode{kind: "int", num: string(x)}, nil
	case bool:
		return &jnode{kind: "bool", b: x}, nil
	case nil:
		return &jnode{kind: "null"}, nil
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
}

// jcomparer walks two JSON trees and collects differences, with the same
// dataDiff allowances as the XML-RPC comparer.
type jcomparer struct {
	ids      map[int]int
	diff     dataDiff
	problems []string
}

func (c *jcomparer) errorf(format string, args ...any) {
	if len(c.problems) < 20 {
		c.problems = append(c.problems, fmt.Sprintf(format, args...))
	}
}

func (c *jcomparer) compare(path string, got, want *jnode) {
	if got == nil || want == nil {
		if got != want {
			c.errorf("%s: present %v, captured present %v", path, got != nil, want != nil)
		}
		return
	}
	if got.kind != want.kind {
		c.errorf("%s: %s, captured %s (%s vs %s)", path, got.kind, want.kind, got.short(), want.short())
		return
	}
	values := !c.diff.values && !(&comparer{diff: c.diff}).ignored(path)
	switch want.kind {
	case "object":
		if strings.Join(got.keys, ",") != strings.Join(want.keys, ",") {
			c.errorf("%s: keys %v, captured %v", path, got.keys, want.keys)
		}
		for i, k := range want.keys {
			if g := got.get(k); g != nil {
				c.compare(path+"."+k, g, want.vals[i])
			}
		}
	case "array":
		if len(got.arr) != len(want.arr) && !c.diff.lengths && values {
			c.errorf("%s: %d elements, captured %d", path, len(got.arr), len(want.arr))
		}
		for i := 0; i < min(len(got.arr), len(want.arr)); i++ {
			c.compare(fmt.Sprintf("%s[%d]", path, i), got.arr[i], want.arr[i])
		}
	case "int":
		w := want.num
		var n int
		if _, err := fmt.Sscan(w, &n); err == nil {
			if m, ok := c.ids[n]; ok {
				w = fmt.Sprint(m)
			}
		}
		if values && got.num != w {
			c.errorf("%s: %s, captured %s", path, got.num, want.num)
		}
	case "float":
		if values && got.num != want.num {
			c.errorf("%s: %s, captured %s", path, got.num, want.num)
		}
	case "string":
		if values && got.str != want.str {
			c.errorf("%s: %q, captured %q", path, truncate(got.str, 200), truncate(want.str, 200))
		}
	case "bool":
		if values && got.b != want.b {
			c.errorf("%s: %v, captured %v", path, got.b, want.b)
		}
	}
}

func (n *jnode) short() string {
	switch n.kind {
	case "string":
		return truncate(n.str, 60)
	case "int", "float":
		return n.num
	case "bool":
		return fmt.Sprint(n.b)
	}
	return n.kind
}
