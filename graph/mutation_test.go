package graph

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"
	"github.com/google/go-cmp/cmp"

	"odoo-gateway/access"
	"odoo-gateway/odoo/odoosim"
)

const createMutation = `mutation($input: CreatePartnerInput!, $key: String) {
  createPartner(input: $input, idempotencyKey: $key) {
    partner { id name email countryCode country { code } }
    userErrors { field message }
  }
}`

type partnerPayload struct {
	Partner *struct {
		ID          string
		Name        string
		Email       *string
		CountryCode *string
		Country     *struct{ Code string }
	}
	UserErrors []struct {
		Field   []string
		Message string
	}
}

func TestCreatePartner(t *testing.T) {
	env := newTestEnv(t)
	res := env.post(t, env.key, request{Query: createMutation, Variables: map[string]any{
		"input": map[string]any{"name": "  Gateway Test SA ", "email": "hello@gateway.example", "countryCode": "be", "isCompany": true},
	}})
	var got struct{ CreatePartner partnerPayload }
	res.decode(t, &got)
	p := got.CreatePartner.Partner
	if len(res.Errors) > 0 || p == nil || len(got.CreatePartner.UserErrors) != 0 {
		t.Fatalf("errors %+v, payload %+v", res.Errors, got)
	}
	if p.Name != "Gateway Test SA" || p.Country == nil || p.Country.Code != "BE" {
		t.Errorf("partner = %+v", p)
	}
	id, _ := strconv.Atoi(p.ID)
	rec := env.Sim.Record("res.partner", id)
	if rec == nil || rec["name"] != "Gateway Test SA" || rec["email"] != "hello@gateway.example" || rec["is_company"] != true {
		t.Errorf("record in Odoo = %v", rec)
	}
}

// TestCreatePartnerUserErrors: input problems come back as userErrors
// naming the input field, and nothing is written.
func TestCreatePartnerUserErrors(t *testing.T) {
	tests := []struct {
		name  string
		input map[string]any
		want  [][]string
		// lookups is whether the refusal needed Odoo (unknown country).
		lookups bool
	}{
		{"empty name and bad email", map[string]any{"name": " ", "email": "not-an-email"},
			[][]string{{"input", "email"}, {"input", "name"}}, false},
		{"bad website and country code", map[string]any{"name": "X", "website": "ftp://x", "countryCode": "Belgium"},
			[][]string{{"input", "countryCode"}, {"input", "website"}}, false},
		{"unknown country", map[string]any{"name": "X", "countryCode": "QQ"},
			[][]string{{"input", "countryCode"}}, true},
		{"unknown parent", map[string]any{"name": "X", "parentId": "999999"},
			[][]string{{"input", "parentId"}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t)
			before := env.Sim.Count("res.partner", []any{})
			res := env.post(t, env.key, request{Query: createMutation, Variables: map[string]any{"input": tt.input}})
			var got struct{ CreatePartner partnerPayload }
			res.decode(t, &got)
			if len(res.Errors) > 0 || got.CreatePartner.Partner != nil {
				t.Fatalf("errors %+v, partner %+v; want only userErrors", res.Errors, got.CreatePartner.Partner)
			}
			var fields [][]string
			for _, e := range got.CreatePartner.UserErrors {
				fields = append(fields, e.Field)
				if e.Message == "" {
					t.Errorf("user error %v without a message", e.Field)
				}
			}
			if diff := cmp.Diff(tt.want, fields); diff != "" {
				t.Errorf("userErrors fields (-want +got):\n%s", diff)
			}
			if n := env.Sim.Count("res.partner", []any{}); n != before {
				t.Errorf("partners went from %d to %d", before, n)
			}
			if len(env.Calls("", "create")) != 0 {
				t.Error("create was called")
			}
			if !tt.lookups && env.upstreamCalls() != 0 {
				t.Errorf("%d upstream calls for input refused by the shared rules", env.upstreamCalls())
			}
		})
	}
}

func TestUpdatePartnerNullClearsAbsentKeeps(t *testing.T) {
	env := newTestEnv(t)
	const id = 12
	before := env.Sim.Record("res.partner", id)
	if before["email"] == false || before["phone"] == false {
		t.Fatalf("partner %d needs an email and a phone: %v", id, before)
	}
	q := `mutation($id: ID!, $input: UpdatePartnerInput!) { updatePartner(id: $id, input: $input) {
		partner { id email phone city } userErrors { field message } } }`
	res := env.post(t, env.key, request{Query: q, Variables: map[string]any{
		"id": fmt.Sprint(id), "input": map[string]any{"email": nil, "city": "Namur"},
	}})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	after := env.Sim.Record("res.partner", id)
	if after["email"] != false || after["city"] != "Namur" || after["phone"] != before["phone"] {
		t.Errorf("after update: email %v, city %v, phone %v (was %v)", after["email"], after["city"], after["phone"], before["phone"])
	}
	var got struct {
		UpdatePartner struct {
			Partner struct {
				Email *string
				City  *string
			}
		}
	}
	res.decode(t, &got)
	if got.UpdatePartner.Partner.Email != nil || *got.UpdatePartner.Partner.City != "Namur" {
		t.Errorf("payload = %+v", got)
	}

	// name cannot be cleared.
	res = env.post(t, env.key, request{Query: q, Variables: map[string]any{"id": fmt.Sprint(id), "input": map[string]any{"name": nil}}})
	if !strings.Contains(string(res.Data), `"field":["input","name"]`) {
		t.Errorf("clearing the name: %s", res.Data)
	}
	// A missing partner is NOT_FOUND.
	res = env.post(t, env.key, request{Query: q, Variables: map[string]any{"id": "999999", "input": map[string]any{"city": "X"}}})
	checkErrorAt(t, res, "updatePartner", CodeNotFound)
}

func TestDeletePartner(t *testing.T) {
	env := newTestEnv(t)
	var created struct{ CreatePartner partnerPayload }
	env.query(t, `mutation { createPartner(input: {name: "Short-lived"}) { partner { id } userErrors { message } } }`, &created)
	id := created.CreatePartner.Partner.ID
	q := `mutation($id: ID!) { deletePartner(id: $id) { deletedId userErrors { message } } }`
	var got struct{ DeletePartner struct{ DeletedID string } }
	env.query(t, q, &got, client.Var("id", id))
	if got.DeletePartner.DeletedID != id {
		t.Errorf("deletedId = %q, want %s", got.DeletePartner.DeletedID, id)
	}
	n, _ := strconv.Atoi(id)
	if env.Sim.Record("res.partner", n) != nil {
		t.Error("the partner still exists")
	}
	res := env.post(t, env.key, request{Query: q, Variables: map[string]any{"id": id}})
	checkErrorAt(t, res, "deletePartner", CodeNotFound)
}

// TestMutationsNeedPartnersWrite: a read-only key cannot write, and nothing
// reaches Odoo.
func TestMutationsNeedPartnersWrite(t *testing.T) {
	env := newTestEnv(t)
	res := env.post(t, env.Access.Key(access.ReadScopes...), request{Query: createMutation, Variables: map[string]any{"input": map[string]any{"name": "Nope"}}})
	e := checkErrorAt(t, res, "createPartner", CodeForbidden)
	if e.Extensions["scope"] != access.ScopePartnersWrite {
		t.Errorf("scope = %v", e.Extensions["scope"])
	}
	if n := env.upstreamCalls(); n != 0 {
		t.Errorf("%d upstream calls", n)
	}
}

// TestIdempotentCreate: a retry with the same key gets the first answer,
// marked as replayed, and Odoo sees one create; the key cannot be reused
// for another input; a refused input releases the key.
func TestIdempotentCreate(t *testing.T) {
	env := newTestEnv(t)
	send := func(input map[string]any, key string) (result, partnerPayload) {
		t.Helper()
		res := env.post(t, env.key, request{Query: createMutation, Variables: map[string]any{"input": input, "key": key}})
		var got struct{ CreatePartner partnerPayload }
		res.decode(t, &got)
		return res, got.CreatePartner
	}
	input := map[string]any{"name": "Retry Ltd", "email": "retry@gateway.example", "countryCode": "FR"}
	first, p1 := send(input, "order-42-create")
	second, p2 := send(input, "order-42-create")
	if len(first.Errors)+len(second.Errors) > 0 || p1.Partner == nil {
		t.Fatalf("errors %+v %+v", first.Errors, second.Errors)
	}
	if diff := cmp.Diff(p1, p2); diff != "" {
		t.Errorf("replayed payload differs (-first +second):\n%s", diff)
	}
	if first.Header.Get("Idempotent-Replayed") != "" || second.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("Idempotent-Replayed = %q then %q", first.Header.Get("Idempotent-Replayed"), second.Header.Get("Idempotent-Replayed"))
	}
	if n := len(env.Calls("res.partner", "create")); n != 1 {
		t.Errorf("creates = %d, want 1", n)
	}

	// The same key for another input is the client's mistake.
	other, _ := send(map[string]any{"name": "Someone Else"}, "order-42-create")
	checkErrorAt(t, other, "createPartner", CodeBadUserInput)

	// A refused input writes nothing and releases its key.
	_, bad := send(map[string]any{"name": "Fixed Later", "email": "nope"}, "order-43-create")
	if len(bad.UserErrors) != 1 {
		t.Fatalf("userErrors = %+v", bad.UserErrors)
	}
	fixed, good := send(map[string]any{"name": "Fixed Later", "email": "fixed@gateway.example"}, "order-43-create")
	if len(fixed.Errors) > 0 || good.Partner == nil {
		t.Errorf("corrected retry: errors %+v, payload %+v", fixed.Errors, good)
	}

	// An invalid key is refused before anything runs.
	badKey, _ := send(input, "")
	checkErrorAt(t, badKey, "createPartner", CodeBadUserInput)
}

// TestIdempotentOutcomesMirrorREST: a failure that may have written is
// stored and replayed; one that certainly did not releases the key.
func TestIdempotentOutcomesMirrorREST(t *testing.T) {
	tests := []struct {
		name      string
		failure   odoosim.Failure
		code      string
		replayed  bool
		creates   int
		retryCode string
	}{
		{"Odoo unavailable: released", odoosim.Failure{HTTPStatus: http.StatusServiceUnavailable}, CodeUpstreamUnavailable, false, 2, ""},
		{"Odoo crashed: stored", odoosim.Failure{FaultCode: 1, FaultString: "Traceback: boom"}, CodeInternal, true, 1, CodeInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t)
			env.Sim.FailCalls(odoosim.Match{Model: "res.partner", Method: "create", Count: 1}, tt.failure)
			vars := map[string]any{"input": map[string]any{"name": "Flaky"}, "key": "flaky-1"}
			first := env.post(t, env.key, request{Query: createMutation, Variables: vars})
			checkErrorAt(t, first, "createPartner", tt.code)
			retry := env.post(t, env.key, request{Query: createMutation, Variables: vars})
			if tt.retryCode == "" && len(retry.Errors) > 0 {
				t.Errorf("retry errors %+v", retry.Errors)
			}
			if tt.retryCode != "" {
				checkErrorAt(t, retry, "createPartner", tt.retryCode)
			}
			if got := retry.Header.Get("Idempotent-Replayed") == "true"; got != tt.replayed {
				t.Errorf("replayed = %v, want %v", got, tt.replayed)
			}
			if n := len(env.Calls("res.partner", "create")); n != tt.creates {
				t.Errorf("creates = %d, want %d", n, tt.creates)
			}
		})
	}
}

// TestSavedButNotReadBackIsStored: a createPartner that Odoo saved but
// whose read-back failed answers an error, kept for its idempotency key:
// a retry replays it and Odoo still has one partner.
func TestSavedButNotReadBackIsStored(t *testing.T) {
	env := newTestEnv(t)
	env.Sim.FailCalls(odoosim.Match{Model: "res.partner", Method: "web_read", Count: 1}, odoosim.Failure{HTTPStatus: 502})
	vars := map[string]any{"input": map[string]any{"name": "Saved Not Read GQL"}, "key": "saved-gql-1"}
	for i := range 2 {
		res := env.post(t, env.key, request{Query: createMutation, Variables: vars})
		if len(res.Errors) == 0 || res.Errors[0].code() != CodeUpstreamUnavailable {
			t.Fatalf("attempt %d: errors %+v, want UPSTREAM_UNAVAILABLE", i+1, res.Errors)
		}
		if replayed := res.Header.Get("Idempotent-Replayed") == "true"; replayed != (i == 1) {
			t.Errorf("attempt %d: replayed %v", i+1, replayed)
		}
	}
	if n := env.Sim.Count("res.partner", []any{[]any{"name", "=", "Saved Not Read GQL"}}); n != 1 {
		t.Errorf("%d partners created, want 1", n)
	}
}
