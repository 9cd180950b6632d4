package rest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"odoo-gateway/access"
	"odoo-gateway/odoo"
)

// member is one top-level member of a JSON object body, in body order.
type member struct {
	name string
	raw  json.RawMessage
}

// readObject reads a JSON object body strictly: it must be
// application/json, UTF-8, one object and nothing after it, without
// repeated members. Errors are ready for access.WriteError: 415 for
// another media type, 413 for a body over the limit, 400 naming `body`
// (with the line and column of a syntax error) otherwise.
func readObject(r *http.Request) ([]member, error) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return nil, err
		}
		return nil, bodyProblem("could not be read")
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, bodyProblem("is required: send a JSON object")
	}
	if !isJSON(r.Header.Get("Content-Type")) {
		return nil, access.UnsupportedMediaType("application/json")
	}
	if !utf8.Valid(b) {
		return nil, bodyProblem("must be UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, syntaxProblem(b)
	}
	if tok != json.Delim('{') {
		if !json.Valid(b) {
			return nil, syntaxProblem(b)
		}
		return nil, bodyProblem("must be a JSON object, not " + jsonKind(b))
	}
	var members []member
	seen := map[string]bool{}
	p := odoo.Problems{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, syntaxProblem(b)
		}
		name, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, syntaxProblem(b)
		}
		if seen[name] {
			p.Add(name, "is given more than once")
			continue
		}
		seen[name] = true
		members = append(members, member{name: name, raw: raw})
	}
	if _, err := dec.Token(); err != nil {
		return nil, syntaxProblem(b)
	}
	if _, err := dec.Token(); err != io.EOF {
		// Data after the object, such as a second object.
		return nil, syntaxProblem(b)
	}
	return members, p.Err()
}

// isJSON accepts application/json with an optional UTF-8 charset.
func isJSON(contentType string) bool {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "application/json" {
		return false
	}
	cs, ok := params["charset"]
	return !ok || strings.EqualFold(cs, "utf-8")
}

func bodyProblem(msg string) error {
	p := odoo.Problems{}
	p.Add("body", msg)
	return p.Err()
}

// syntaxProblem reports why b is not valid JSON, with the line and column
// of the offending character, which is what a person fixing a hand-written
// body needs. It rescans the whole body because encoding/json's Decoder
// reports offsets relative to its buffer; Unmarshal's are absolute (the
// offending byte's index plus one).
func syntaxProblem(b []byte) error {
	var v any
	err := json.Unmarshal(b, &v)
	offset, msg := int64(len(b)), "unexpected end of JSON input"
	var se *json.SyntaxError
	if errors.As(err, &se) && se.Error() != msg {
		offset, msg = se.Offset-1, se.Error()
	}
	return bodyProblem(fmt.Sprintf("is not valid JSON: %s (%s)", msg, position(b, offset)))
}

// position turns a byte offset into "line L, column C" (1-based, columns
// in characters).
func position(b []byte, offset int64) string {
	offset = min(max(offset, 0), int64(len(b)))
	before := b[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
	return fmt.Sprintf("line %d, column %d", line, col)
}

// jsonKind names the JSON type of a valid value, for messages.
func jsonKind(raw []byte) string {
	s := bytes.TrimSpace(raw)
	if len(s) == 0 {
		return "nothing"
	}
	switch s[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// textValue reads a string member that may be null.
func textValue(raw json.RawMessage) (odoo.Optional[string], string) {
	if jsonKind(raw) == "null" {
		return odoo.Null[string](), ""
	}
	var s string
	if jsonKind(raw) != "a string" || json.Unmarshal(raw, &s) != nil {
		return odoo.Optional[string]{}, "must be a string or null, not " + jsonKind(raw)
	}
	return odoo.Some(s), ""
}

// boolValue reads a boolean member; null is refused, since "no value" has
// no meaning for a yes/no field.
func boolValue(raw json.RawMessage) (odoo.Optional[bool], string) {
	switch string(bytes.TrimSpace(raw)) {
	case "true":
		return odoo.Some(true), ""
	case "false":
		return odoo.Some(false), ""
	}
	return odoo.Optional[bool]{}, "must be true or false, not " + jsonKind(raw)
}

// idValue reads an id member (an integer literal) that may be null.
// Range checks are the data service's, so that both APIs say the same.
func idValue(raw json.RawMessage) (odoo.Optional[int], string) {
	if jsonKind(raw) == "null" {
		return odoo.Null[int](), ""
	}
	s := string(bytes.TrimSpace(raw))
	if jsonKind(raw) != "a number" {
		return odoo.Optional[int]{}, "must be an integer id or null, not " + jsonKind(raw)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n > math.MaxInt32 || n < math.MinInt32 {
		return odoo.Optional[int]{}, fmt.Sprintf("must be an integer id, not %s", s)
	}
	return odoo.Some(int(n)), ""
}
