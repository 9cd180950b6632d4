package odoo

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// capture is one exchange recorded from a real Odoo 19 server.
type capture struct {
	Name     string `json:"name"`
	Endpoint string `json:"endpoint"`
	Request  string `json:"request"`
	Response string `json:"response"`
	Note     string `json:"note"`
}

const wireDir = "testdata/odoo-wire/xmlrpc"

func loadCaptures(t testing.TB) map[string]capture {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(wireDir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no captures in %s: %v", wireDir, err)
	}
	out := make(map[string]capture, len(files))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var c capture
		if err := json.Unmarshal(b, &c); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".json")] = c
	}
	return out
}

func loadCapture(t testing.TB, name string) capture {
	t.Helper()
	c, ok := loadCaptures(t)[name]
	if !ok {
		t.Fatalf("no capture %s", name)
	}
	return c
}

// TestDecodeEveryCapture decodes every captured response with the client:
// a success must decode to exactly the values an independent parse of the
// XML gives, a fault to the error code its fault code and message call
// for, with nothing of a traceback in what a client would see. A new
// capture dropped into the directory is covered without touching the test.
func TestDecodeEveryCapture(t *testing.T) {
	for name, c := range loadCaptures(t) {
		t.Run(name, func(t *testing.T) {
			ref, err := referenceParse([]byte(c.Response))
			if err != nil {
				t.Fatalf("reference parse: %v", err)
			}
			got, err := decodeResponse([]byte(c.Response))
			if ref.fault == nil {
				if err != nil {
					t.Fatalf("decode: %v", err)
				}
				if diff := cmp.Diff(emptyStringsAsNil(ref.value), got); diff != "" {
					t.Fatalf("decoded value differs from the XML (-want +got):\n%s", diff)
				}
				return
			}
			if err == nil {
				t.Fatalf("fault decoded as success: %v", got)
			}
			want := expectedCode(ref.fault)
			if code := ErrorCode(err); code != want {
				t.Errorf("code = %q, want %q (fault %v)", code, want, ref.fault["faultCode"])
			}
			msg := ErrorMessage(err)
			if msg == "" || strings.Contains(msg, "Traceback") || strings.Contains(msg, `File "`) {
				t.Errorf("client message %q must be non-empty and free of tracebacks", msg)
			}
			if f := faultOf(err); f == nil {
				t.Errorf("the fault is not kept as the internal cause of %v", err)
			}
		})
	}
}

// expectedCode is the contract of the fault mapping, written independently
// of faults.go: codes 1 internal, 2 validation (or not_found for a missing
// record, upstream_unavailable for a missing model), 3 upstream_unavailable (the
// gateway's credentials), 4 forbidden; legacy endpoints send strings.
func expectedCode(fault map[string]any) string {
	str, _ := fault["faultString"].(string)
	code := fault["faultCode"]
	if s, ok := code.(string); ok {
		switch {
		case s == "AccessDenied":
			code = int64(3)
		case strings.Contains(s, "AccessError"):
			code = int64(4)
		default:
			code = int64(1)
		}
	}
	switch code {
	case int64(2):
		if strings.HasPrefix(str, "Record does not exist") {
			return ENotFound
		}
		if strings.HasPrefix(str, "Object ") && strings.HasSuffix(str, "doesn't exist") {
			return EUpstreamUnavailable // an app the gateway needs is not installed
		}
		return EValidation
	case int64(3):
		return EUpstreamUnavailable
	case int64(4):
		return EForbidden
	}
	return EInternal
}

// emptyStringsAsNil mirrors kolo/xmlrpc, which decodes <string></string>
// into an untouched (nil) interface; Odoo itself sends false for empty
// values, so both read as empty after normalisation.
func emptyStringsAsNil(v any) any {
	switch v := v.(type) {
	case string:
		if v == "" {
			return nil
		}
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = emptyStringsAsNil(x)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = emptyStringsAsNil(x)
		}
		return out
	}
	return v
}

// parsed is a reference parse of a methodResponse.
type parsed struct {
	value any
	fault map[string]any
}

// referenceParse is a small XML-RPC reader independent of the client's
// decoder, used as the oracle.
func referenceParse(data []byte) (parsed, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var out parsed
	inFault := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return out, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "fault":
			inFault = true
		case "value":
			v, err := refValue(dec)
			if err != nil {
				return out, err
			}
			if inFault {
				m, _ := v.(map[string]any)
				out.fault = m
			} else {
				out.value = v
			}
			return out, nil
		}
	}
}

// refValue reads the content of a <value> element up to its end.
func refValue(dec *xml.Decoder) (any, error) {
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			return text.String(), nil // untyped value: a string
		case xml.StartElement:
			v, err := refTyped(dec, t.Name.Local)
			if err != nil {
				return nil, err
			}
			return v, dec.Skip() // </value>
		}
	}
}

func refTyped(dec *xml.Decoder, typ string) (any, error) {
	var lastName string
	switch typ {
	case "struct":
		m := map[string]any{}
		for {
			tok, err := dec.Token()
			if err != nil {
				return nil, err
			}
			switch t := tok.(type) {
			case xml.EndElement:
				if t.Name.Local == "struct" {
					return m, nil
				}
			case xml.StartElement:
				switch t.Name.Local {
				case "name":
					var name string
					if err := dec.DecodeElement(&name, &t); err != nil {
						return nil, err
					}
					m[name] = nil
					lastName = name
				case "value":
					v, err := refValue(dec)
					if err != nil {
						return nil, err
					}
					m[lastName] = v
				}
			}
		}
	case "array":
		list := []any{}
		for {
			tok, err := dec.Token()
			if err != nil {
				return nil, err
			}
			switch t := tok.(type) {
			case xml.EndElement:
				if t.Name.Local == "array" {
					return list, nil
				}
			case xml.StartElement:
				if t.Name.Local == "value" {
					v, err := refValue(dec)
					if err != nil {
						return nil, err
					}
					list = append(list, v)
				}
			}
		}
	}
	var s string
	if err := dec.DecodeElement(&s, &xml.StartElement{Name: xml.Name{Local: typ}}); err != nil {
		return nil, err
	}
	switch typ {
	case "int", "i4", "i8":
		return strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	case "double":
		return strconv.ParseFloat(strings.TrimSpace(s), 64)
	case "boolean":
		return strings.TrimSpace(s) == "1", nil
	case "string", "base64":
		return s, nil
	case "nil":
		return nil, nil
	}
	return nil, fmt.Errorf("unknown type %s", typ)
}
