package odoosim

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Kind is the XML-RPC type of a Value, named after its XML tag.
type Kind int

// The XML-RPC kinds. Every integer tag (<int>, <i4>, <i8>...) parses as
// KindInt because Python's unmarshaller makes no difference between them.
const (
	KindString Kind = iota
	KindInt
	KindBoolean
	KindDouble
	KindNil
	KindArray
	KindStruct
	KindDateTime
	KindBase64
)

// String returns the XML tag of the kind.
func (k Kind) String() string {
	switch k {
	case KindString:
		return "string"
	case KindInt:
		return "int"
	case KindBoolean:
		return "boolean"
	case KindDouble:
		return "double"
	case KindNil:
		return "nil"
	case KindArray:
		return "array"
	case KindStruct:
		return "struct"
	case KindDateTime:
		return "dateTime.iso8601"
	case KindBase64:
		return "base64"
	}
	return "unknown"
}

// Value is a typed XML-RPC value tree, kept as close to the wire as possible
// so that tests can compare the types Odoo sends, not just decoded data.
type Value struct {
	Kind Kind
	// Str holds the text of string, dateTime.iso8601 and base64 values.
	Str     string
	Int     int64
	Bool    bool
	Double  float64
	Array   []Value
	Members []Member
}

// Member is one named member of a struct Value, in wire order.
type Member struct {
	Name  string
	Value Value
}

// Get returns the member called name of a struct Value.
func (v Value) Get(name string) (Value, bool) {
	for _, m := range v.Members {
		if m.Name == name {
			return m.Value, true
		}
	}
	return Value{}, false
}

// Native converts the value to plain Go values: string, int, bool, float64,
// nil, []any, map[string]any, time.Time (dateTime) and []byte (base64).
func (v Value) Native() any {
	switch v.Kind {
	case KindString:
		return v.Str
	case KindInt:
		return int(v.Int)
	case KindBoolean:
		return v.Bool
	case KindDouble:
		return v.Double
	case KindArray:
		out := make([]any, len(v.Array))
		for i, e := range v.Array {
			out[i] = e.Native()
		}
		return out
	case KindStruct:
		out := make(map[string]any, len(v.Members))
		for _, m := range v.Members {
			out[m.Name] = m.Value.Native()
		}
		return out
	case KindDateTime:
		t, err := parseISO8601(v.Str)
		if err != nil {
			return v.Str
		}
		return t
	case KindBase64:
		b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(v.Str))
		if err != nil {
			return []byte(v.Str)
		}
		return b
	}
	return nil
}

// ordered converts the value to the simulator's internal form, which keeps
// struct member order: Odoo answers follow the order of web_read
// specifications and of fields lists, so maps would lose information.
func (v Value) ordered() any {
	switch v.Kind {
	case KindArray:
		out := make([]any, len(v.Array))
		for i, e := range v.Array {
			out[i] = e.ordered()
		}
		return out
	case KindStruct:
		d := newDict()
		for _, m := range v.Members {
			d.Set(m.Name, m.Value.ordered())
		}
		return d
	case KindBase64:
		// Odoo passes xmlrpc Binary objects to the ORM, which stores
		// binaries as base64 text: keep the text.
		return strings.TrimSpace(v.Str)
	}
	return v.Native()
}

// Response is a parsed methodResponse: either Params or a Fault struct.
type Response struct {
	Params []Value
	Fault  *Value
}

// SyntaxError is a malformed XML-RPC document. Its message mimics expat's
// so that faults about it read like Odoo's.
type SyntaxError struct {
	Msg string
}

// Error returns the message, worded like the parser error Odoo reports.
func (e *SyntaxError) Error() string { return e.Msg }

// ParseCall parses a methodCall document.
func ParseCall(body []byte) (method string, params []Value, err error) {
	u, err := unmarshal(body)
	if err != nil {
		return "", nil, err
	}
	return u.methodName, u.stack, nil
}

// ParseResponse parses a methodResponse document.
func ParseResponse(body []byte) (Response, error) {
	u, err := unmarshal(body)
	if err != nil {
		return Response{}, err
	}
	if u.fault {
		if len(u.stack) != 1 || u.stack[0].Kind != KindStruct {
			return Response{}, &SyntaxError{Msg: "malformed fault"}
		}
		f := u.stack[0]
		return Response{Fault: &f}, nil
	}
	return Response{Params: u.stack}, nil
}

// ParseValue parses a single <value> element.
func ParseValue(body []byte) (Value, error) {
	u, err := unmarshal(body)
	if err != nil {
		return Value{}, err
	}
	if len(u.stack) != 1 {
		return Value{}, &SyntaxError{Msg: fmt.Sprintf("expected one value, got %d", len(u.stack))}
	}
	return u.stack[0], nil
}

// unmarshaller mirrors Python's xmlrpc.client.Unmarshaller: it is driven by
// element events and is as lenient as Python about the surrounding
// structure, which is what Odoo actually accepts.
type unmarshaller struct {
	stack      []Value
	marks      []int
	data       strings.Builder
	inValue    bool
	methodName string
	fault      bool
}

var knownTags = map[string]bool{
	"boolean": true, "i1": true, "i2": true, "i4": true, "i8": true, "int": true,
	"biginteger": true, "double": true, "float": true, "bigdecimal": true,
	"string": true, "array": true, "struct": true, "base64": true,
	"dateTime.iso8601": true, "value": true, "params": true, "fault": true,
	"methodName": true, "nil": true, "name": true,
}

func unmarshal(body []byte) (*unmarshaller, error) {
	u := &unmarshaller{}
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = true
	sawRoot := false
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			if !sawRoot || depth > 0 {
				return nil, expatError("no element found", body, len(body))
			}
			return u, nil
		}
		if err != nil {
			off := int(dec.InputOffset())
			var se *xml.SyntaxError
			if errors.As(err, &se) && strings.Contains(se.Msg, "unexpected EOF") {
				return nil, expatError("no element found", body, len(body))
			}
			return nil, expatError("not well-formed (invalid token)", body, off)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 && sawRoot {
				return nil, expatError("junk after document element", body, int(dec.InputOffset()))
			}
			sawRoot = true
			depth++
			if err := u.start(t.Name.Local); err != nil {
				return nil, err
			}
		case xml.EndElement:
			depth--
			if err := u.end(t.Name.Local); err != nil {
				return nil, err
			}
		case xml.CharData:
			u.data.Write(t)
		}
	}
}

// expatError builds the message expat gives, with its 1-based line and
// 0-based column of the byte offset.
func expatError(msg string, body []byte, off int) error {
	if off > len(body) {
		off = len(body)
	}
	line := 1 + bytes.Count(body[:off], []byte("\n"))
	col := off
	if i := bytes.LastIndexByte(body[:off], '\n'); i >= 0 {
		col = off - i - 1
	}
	return &SyntaxError{Msg: fmt.Sprintf("%s: line %d, column %d", msg, line, col)}
}

func (u *unmarshaller) start(tag string) error {
	if tag == "array" || tag == "struct" {
		u.marks = append(u.marks, len(u.stack))
	}
	u.data.Reset()
	if u.inValue && !knownTags[tag] {
		return &SyntaxError{Msg: fmt.Sprintf("unknown tag %s", pyRepr(tag))}
	}
	u.inValue = tag == "value"
	return nil
}

func (u *unmarshaller) end(tag string) error {
	data := u.data.String()
	u.data.Reset()
	switch tag {
	case "boolean":
		switch data {
		case "0":
			u.push(Value{Kind: KindBoolean})
		case "1":
			u.push(Value{Kind: KindBoolean, Bool: true})
		default:
			return &SyntaxError{Msg: "bad boolean value"}
		}
	case "i1", "i2", "i4", "i8", "int", "biginteger":
		n, err := strconv.ParseInt(strings.TrimSpace(data), 10, 64)
		if err != nil {
			return &SyntaxError{Msg: fmt.Sprintf("invalid literal for int() with base 10: %s", pyRepr(data))}
		}
		u.push(Value{Kind: KindInt, Int: n})
	case "double", "float", "bigdecimal":
		f, err := strconv.ParseFloat(strings.TrimSpace(data), 64)
		if err != nil {
			return &SyntaxError{Msg: fmt.Sprintf("could not convert string to float: %s", pyRepr(data))}
		}
		u.push(Value{Kind: KindDouble, Double: f})
	case "string", "name":
		u.push(Value{Kind: KindString, Str: data})
	case "nil":
		u.push(Value{Kind: KindNil})
	case "base64":
		u.push(Value{Kind: KindBase64, Str: data})
	case "dateTime.iso8601":
		u.push(Value{Kind: KindDateTime, Str: data})
	case "array":
		mark := u.popMark()
		items := append([]Value(nil), u.stack[mark:]...)
		u.stack = u.stack[:mark]
		u.push(Value{Kind: KindArray, Array: items})
	case "struct":
		mark := u.popMark()
		items := u.stack[mark:]
		members := make([]Member, 0, len(items)/2)
		for i := 0; i+1 < len(items); i += 2 {
			members = append(members, Member{Name: items[i].Str, Value: items[i+1]})
		}
		u.stack = u.stack[:mark]
		u.push(Value{Kind: KindStruct, Members: members})
	case "value":
		if u.inValue {
			u.push(Value{Kind: KindString, Str: data})
		}
		u.inValue = false
	case "fault":
		u.fault = true
	case "methodName":
		u.methodName = data
	}
	return nil
}

func (u *unmarshaller) push(v Value) { u.stack = append(u.stack, v) }

func (u *unmarshaller) popMark() int {
	if len(u.marks) == 0 {
		return len(u.stack)
	}
	m := u.marks[len(u.marks)-1]
	u.marks = u.marks[:len(u.marks)-1]
	return m
}

func parseISO8601(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"20060102T15:04:05", "2006-01-02T15:04:05", "20060102T150405"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("bad dateTime.iso8601 %q", s)
}
