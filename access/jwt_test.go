package access

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/go-cmp/cmp"
)

var testSecret = []byte("a-shared-secret-of-at-least-32-bytes!")

func sign(t *testing.T, method jwt.SigningMethod, key any, kid string, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, claims)
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// claims returns valid claims at now, with overrides (nil deletes).
func claims(now time.Time, over map[string]any) jwt.MapClaims {
	c := jwt.MapClaims{
		"sub":   "user-1",
		"iss":   "https://id.example.com",
		"aud":   "odoo-gateway",
		"exp":   now.Add(time.Hour).Unix(),
		"nbf":   now.Add(-time.Minute).Unix(),
		"scope": "partners:read orders:read openid",
	}
	for k, v := range over {
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
	}
	return c
}

// whoami answers the principal of the request as JSON.
func whoami() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := PrincipalFrom(r.Context())
		_ = json.NewEncoder(w).Encode(p)
	})
}

func TestJWTHS256(t *testing.T) {
	clock := newFakeClock()
	now := clock.Now()
	s := newStack(t, Config{clock: clock.Now, AuthFailuresPerMin: 1000, JWT: JWTConfig{
		Secret: testSecret, Issuer: "https://id.example.com", Audience: "odoo-gateway", RatePerMin: 30,
	}})
	h := s.Wrap(s.Authenticate(whoami()))
	hs := func(over map[string]any) string {
		return sign(t, jwt.SigningMethodHS256, testSecret, "", claims(now, over))
	}

	rec := serve(h, request("GET", "/", nil, "Authorization", "Bearer "+hs(nil)))
	if rec.Code != 200 {
		t.Fatalf("valid token: status %d; %s", rec.Code, rec.Body)
	}
	var p Principal
	_ = json.Unmarshal(rec.Body.Bytes(), &p)
	want := Principal{Name: "jwt:user-1", Kind: KindJWT, Scopes: []string{ScopePartnersRead, ScopeOrdersRead}, RatePerMin: 30,
		ExpiresAt: time.Unix(now.Add(time.Hour).Unix(), 0)}
	if diff := cmp.Diff(want, p, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("principal (-want +got):\n%s", diff)
	}
	if rec.Header().Get("RateLimit-Limit") != "30" {
		t.Errorf("RateLimit-Limit = %q, want 30", rec.Header().Get("RateLimit-Limit"))
	}

	tests := []struct {
		name  string
		token string
		want  int
	}{
		{"scopes array", hs(map[string]any{"scope": nil, "scopes": []string{"invoices:read"}}), 200},
		{"X-API-Key header works too", "", 200},
		{"within leeway after exp", hs(map[string]any{"exp": now.Add(-10 * time.Second).Unix()}), 200},
		{"expired", hs(map[string]any{"exp": now.Add(-time.Hour).Unix()}), 401},
		{"not yet valid", hs(map[string]any{"nbf": now.Add(time.Hour).Unix()}), 401},
		{"no exp", hs(map[string]any{"exp": nil}), 401},
		{"wrong issuer", hs(map[string]any{"iss": "https://evil.example.com"}), 401},
		{"wrong audience", hs(map[string]any{"aud": "someone-else"}), 401},
		{"no subject", hs(map[string]any{"sub": nil}), 401},
		{"wrong secret", sign(t, jwt.SigningMethodHS256, []byte("another-secret-that-is-long-enough!!"), "", claims(now, nil)), 401},
		{"HS512 not accepted", sign(t, jwt.SigningMethodHS512, testSecret, "", claims(now, nil)), 401},
		{"alg none", sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, "", claims(now, nil)), 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := request("GET", "/", nil, "Authorization", "Bearer "+tt.token)
			if tt.token == "" {
				r = request("GET", "/", nil, "X-API-Key", hs(nil))
			}
			rec := serve(h, r)
			if rec.Code != tt.want {
				t.Fatalf("status %d, want %d; %s", rec.Code, tt.want, rec.Body)
			}
			if tt.want == 401 && rec.Header().Get("WWW-Authenticate") != `Bearer realm="odoo-gateway", error="invalid_token"` {
				t.Errorf("WWW-Authenticate = %q", rec.Header().Get("WWW-Authenticate"))
			}
		})
	}
}

// TestJWTExpiryIsNotGuessing proves that a browser app with a stale token
// does not get its IP throttled, while forged tokens do.
func TestJWTExpiryIsNotGuessing(t *testing.T) {
	clock := newFakeClock()
	now := clock.Now()
	s := newStack(t, Config{clock: clock.Now, AuthFailuresPerMin: 2, JWT: JWTConfig{Secret: testSecret}})
	h := s.Wrap(s.Authenticate(&okHandler{}))
	expired := sign(t, jwt.SigningMethodHS256, testSecret, "", claims(now, map[string]any{"exp": now.Add(-time.Hour).Unix()}))
	forged := sign(t, jwt.SigningMethodHS256, []byte("guessed-secret-guessed-secret-guessed"), "", claims(now, nil))
	valid := sign(t, jwt.SigningMethodHS256, testSecret, "", claims(now, nil))
	code := func(tok string) int {
		return serve(h, request("GET", "/", nil, "Authorization", "Bearer "+tok)).Code
	}
	for range 5 {
		code(expired)
	}
	if got := code(valid); got != 200 {
		t.Fatalf("after expired tokens: %d, want 200", got)
	}
	code(forged)
	code(forged)
	if got := code(valid); got != 429 {
		t.Errorf("after forged tokens: %d, want 429", got)
	}
}

func TestJWTSecretTooShort(t *testing.T) {
	if _, err := New(Config{JWT: JWTConfig{Secret: []byte("short")}}); err == nil {
		t.Error("New accepted a short HS256 secret")
	}
}

// testKeys are an RSA and an EC key with their public JWKs.
type testKeys struct {
	rsa *rsa.PrivateKey
	ec  *ecdsa.PrivateKey
}

var (
	sharedKeysOnce sync.Once
	sharedKeys     testKeys
)

func keys(t *testing.T) testKeys {
	t.Helper()
	sharedKeysOnce.Do(func() {
		r, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		e, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			panic(err)
		}
		sharedKeys = testKeys{rsa: r, ec: e}
	})
	return sharedKeys
}

func rsaJWK(kid string, k *rsa.PublicKey) map[string]string {
	return map[string]string{"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256",
		"n": base64.RawURLEncoding.EncodeToString(k.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(k.E)).Bytes())}
}

func ecJWK(t *testing.T, kid string, k *ecdsa.PublicKey) map[string]string {
	b, err := k.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	size := (len(b) - 1) / 2
	return map[string]string{"kty": "EC", "kid": kid, "crv": "P-256",
		"x": base64.RawURLEncoding.EncodeToString(b[1 : 1+size]),
		"y": base64.RawURLEncoding.EncodeToString(b[1+size:])}
}

func jwksDoc(t *testing.T, keys ...map[string]string) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{"keys": append([]map[string]string{{"kty": "oct", "k": "c2VjcmV0"}}, keys...)})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestJWTWithJWKSFile(t *testing.T) {
	k := keys(t)
	clock := newFakeClock()
	now := clock.Now()
	path := filepath.Join(t.TempDir(), "jwks.json")
	if err := os.WriteFile(path, jwksDoc(t, rsaJWK("r1", &k.rsa.PublicKey), ecJWK(t, "e1", &k.ec.PublicKey)), 0o600); err != nil {
		t.Fatal(err)
	}
	s := newStack(t, Config{clock: clock.Now, AuthFailuresPerMin: 1000, KeysPollInterval: 5 * time.Millisecond,
		JWT: JWTConfig{JWKSFile: path, Audience: "odoo-gateway"}})
	h := s.Wrap(s.Authenticate(&okHandler{}))
	code := func(tok string) int {
		return serve(h, request("GET", "/", nil, "Authorization", "Bearer "+tok)).Code
	}
	rsaPEMBytes := k.rsa.PublicKey.N.Bytes()
	tests := []struct {
		name  string
		token string
		want  int
	}{
		{"RS256", sign(t, jwt.SigningMethodRS256, k.rsa, "r1", claims(now, nil)), 200},
		{"ES256", sign(t, jwt.SigningMethodES256, k.ec, "e1", claims(now, nil)), 200},
		{"unknown kid", sign(t, jwt.SigningMethodRS256, k.rsa, "r9", claims(now, nil)), 401},
		{"kid of the other key type", sign(t, jwt.SigningMethodRS256, k.rsa, "e1", claims(now, nil)), 401},
		{"HS256 with the public key as secret", sign(t, jwt.SigningMethodHS256, rsaPEMBytes, "r1", claims(now, nil)), 401},
		{"no secret configured", sign(t, jwt.SigningMethodHS256, testSecret, "", claims(now, nil)), 401},
	}
	for _, tt := range tests {
		if got := code(tt.token); got != tt.want {
			t.Errorf("%s: status %d, want %d", tt.name, got, tt.want)
		}
	}

	// Key rotation at the provider: the file gets a new key, and tokens
	// signed with it work without a restart.
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+".new", jwksDoc(t, rsaJWK("r2", &other.PublicKey)), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".new", path); err != nil {
		t.Fatal(err)
	}
	rotated := sign(t, jwt.SigningMethodRS256, other, "r2", claims(now, nil))
	eventually(t, "the new JWKS file to load", func() bool { return code(rotated) == 200 })
}

func TestJWTWithJWKSURL(t *testing.T) {
	k := keys(t)
	clock := newFakeClock()
	now := clock.Now()
	var mu sync.Mutex
	doc := jwksDoc(t, ecJWK(t, "e1", &k.ec.PublicKey))
	var fetches atomic.Int32
	idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fetches.Add(1)
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(doc)
	}))
	t.Cleanup(idp.Close)
	s := newStack(t, Config{clock: clock.Now, AuthFailuresPerMin: 1000, JWT: JWTConfig{JWKSURL: idp.URL}})
	h := s.Wrap(s.Authenticate(&okHandler{}))
	code := func(tok string) int {
		return serve(h, request("GET", "/", nil, "Authorization", "Bearer "+tok)).Code
	}
	if got := code(sign(t, jwt.SigningMethodES256, k.ec, "e1", claims(now, nil))); got != 200 {
		t.Fatalf("ES256 from the JWKS URL: %d", got)
	}
	// The provider rotates to the RSA key.
	mu.Lock()
	doc = jwksDoc(t, ecJWK(t, "e1", &k.ec.PublicKey), rsaJWK("r1", &k.rsa.PublicKey))
	mu.Unlock()
	rotated := sign(t, jwt.SigningMethodRS256, k.rsa, "r1", claims(now, nil))
	// Right after a fetch, an unknown kid does not refetch (no hammering).
	before := fetches.Load()
	if got := code(rotated); got != 401 {
		t.Errorf("unknown kid right after a fetch: %d, want 401", got)
	}
	if fetches.Load() != before {
		t.Errorf("an unknown kid refetched within the minimum interval")
	}
	clock.Advance(minJWKSRefetch)
	if got := code(rotated); got != 200 {
		t.Errorf("unknown kid after the interval: %d, want 200 (refetched)", got)
	}
}

func TestParseJWKSRejects(t *testing.T) {
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	for name, doc := range map[string]string{
		"not json":     `{`,
		"no usable":    `{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}`,
		"bad modulus":  `{"keys":[{"kty":"RSA","n":"!!","e":"AQAB"}]}`,
		"bad curve":    `{"keys":[{"kty":"EC","crv":"P-192","x":"AA","y":"AA"}]}`,
		"off curve":    `{"keys":[{"kty":"EC","crv":"P-256","x":"` + base64.RawURLEncoding.EncodeToString(make([]byte, 32)) + `","y":"` + base64.RawURLEncoding.EncodeToString(make([]byte, 32)) + `"}]}`,
		"weak RSA key": string(jwksDoc(t, rsaJWK("small", &small.PublicKey))),
	} {
		if _, err := parseJWKS(strings.NewReader(doc)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
