package access

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestNewKey(t *testing.T) {
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	key, info, err := NewKey(KeySpec{Name: "shop", Scopes: []string{ScopePartnersRead}, RatePerMin: 120}, now)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(key, KeyPrefix) {
		t.Errorf("key %q lacks the prefix %q", key, KeyPrefix)
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(key, KeyPrefix))
	if err != nil || len(raw) < 32 {
		t.Errorf("key carries %d random bytes (err %v), want at least 32", len(raw), err)
	}
	sum := sha256.Sum256([]byte(key))
	if info.Hash != hex.EncodeToString(sum[:]) {
		t.Errorf("stored hash is not the SHA-256 of the key")
	}
	if strings.Contains(info.Hint, key[len(KeyPrefix):len(key)-4]) {
		t.Errorf("hint %q reveals the key", info.Hint)
	}
	key2, info2, _ := NewKey(KeySpec{Name: "shop", Scopes: []string{ScopePartnersRead}}, now)
	if key2 == key || info2.ID == info.ID {
		t.Error("two keys are not distinct")
	}
	for _, bad := range []KeySpec{
		{Name: "", Scopes: []string{ScopeAll}},
		{Name: "has space", Scopes: []string{ScopeAll}},
		{Name: "x", Scopes: []string{"admin"}},
		{Name: "x", Scopes: []string{ScopeAll}, RatePerMin: -1},
		{Name: "x", Scopes: []string{ScopeAll}, Origins: []string{"https://a.example/path"}},
		{Name: "x", Scopes: []string{ScopeAll}, Origins: []string{"*"}},
	} {
		if _, _, err := NewKey(bad, now); err == nil {
			t.Errorf("NewKey(%+v) accepted a bad spec", bad)
		}
	}
}

func TestKeysFileLifecycle(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys.json")
	key, info, err := CreateKey(path, KeySpec{Name: "shop", Scopes: []string{ScopePartnersRead, ScopeOrdersRead}, RatePerMin: 120,
		Origins: []string{"https://shop.example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("keys file mode %v, want 0600", fi.Mode().Perm())
	}
	b, _ := os.ReadFile(path)
	if strings.Contains(string(b), key) || strings.Contains(string(b), key[len(KeyPrefix):]) {
		t.Fatal("the keys file contains the key itself")
	}
	if !strings.Contains(string(b), info.Hash) {
		t.Error("the keys file lacks the key's hash")
	}
	// Rotation: a second key for the same client, both listed.
	_, _, err = CreateKey(path, KeySpec{Name: "shop", Scopes: []string{ScopePartnersRead}})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := CreateKey(path, KeySpec{Name: "erp", Scopes: []string{ScopeAll}}); err != nil {
		t.Fatal(err)
	}
	keys, err := ListKeys(path)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, k := range keys {
		names = append(names, k.Name)
	}
	if diff := cmp.Diff([]string{"shop", "shop", "erp"}, names); diff != "" {
		t.Errorf("listed names (-want +got):\n%s", diff)
	}

	// Revoking one id leaves the other key of the client alone.
	if n, err := RevokeKeyID(path, info.ID); err != nil || n != 1 {
		t.Fatalf("RevokeKeyID = %d, %v", n, err)
	}
	keys, _ = ListKeys(path)
	if keys[0].State(time.Now()) != KeyDisabled || keys[1].State(time.Now()) != KeyActive {
		t.Errorf("states after revoking one id: %s, %s", keys[0].State(time.Now()), keys[1].State(time.Now()))
	}
	// Revoking a name disables all its keys.
	if n, err := RevokeKey(path, "shop"); err != nil || n != 1 {
		t.Fatalf("RevokeKey = %d, %v (want 1: the other was already disabled)", n, err)
	}
	keys, _ = ListKeys(path)
	for _, k := range keys {
		want := KeyActive
		if k.Name == "shop" {
			want = KeyDisabled
		}
		if got := k.State(time.Now()); got != want {
			t.Errorf("%s (%s) is %s, want %s", k.Name, k.ID, got, want)
		}
	}
	if _, err := RevokeKey(path, "nobody"); !errors.Is(err, ErrNoSuchKey) {
		t.Errorf("revoking an unknown name: %v, want ErrNoSuchKey", err)
	}
}

func TestListKeysMissingFile(t *testing.T) {
	keys, err := ListKeys(filepath.Join(t.TempDir(), "none.json"))
	if err != nil || len(keys) != 0 {
		t.Errorf("ListKeys of a missing file = %v, %v", keys, err)
	}
}

func TestParseKeysFileRejects(t *testing.T) {
	_, good, _ := NewKey(KeySpec{Name: "a", Scopes: []string{ScopeAll}}, time.Now())
	hash := good.Hash
	tests := map[string]string{
		"not json":       `{`,
		"unknown field":  `{"keys":[{"id":"k1","name":"a","sha256":"` + hash + `","scopes":["*"],"admin":true}]}`,
		"unknown scope":  `{"keys":[{"id":"k1","name":"a","sha256":"` + hash + `","scopes":["root"]}]}`,
		"bad hash":       `{"keys":[{"id":"k1","name":"a","sha256":"abc","scopes":["*"]}]}`,
		"duplicate hash": `{"keys":[{"id":"k1","name":"a","sha256":"` + hash + `","scopes":["*"]},{"id":"k2","name":"b","sha256":"` + hash + `","scopes":["*"]}]}`,
		"future version": `{"version":2,"keys":[]}`,
		"no id":          `{"keys":[{"name":"a","sha256":"` + hash + `","scopes":["*"]}]}`,
	}
	for name, doc := range tests {
		if _, err := parseKeysFile([]byte(doc)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestKeyStates(t *testing.T) {
	clock := newFakeClock()
	s := newStack(t, Config{clock: clock.Now})
	h := s.Wrap(s.Authenticate(&okHandler{}))
	active := addKey(t, s, KeySpec{Name: "active", Scopes: []string{ScopeAll}})
	expiring := addKey(t, s, KeySpec{Name: "expiring", Scopes: []string{ScopeAll}, ExpiresAt: clock.Now().Add(time.Hour)})
	_, disabledInfo, _ := NewKey(KeySpec{Name: "disabled", Scopes: []string{ScopeAll}}, clock.Now())
	disabledInfo.Disabled = true
	if err := s.AddKeys(disabledInfo); err != nil {
		t.Fatal(err)
	}
	status := func(key string) int {
		return serve(h, request("GET", "/", nil, "X-API-Key", key)).Code
	}
	if got := status(active); got != 200 {
		t.Errorf("active key: %d", got)
	}
	if got := status(expiring); got != 200 {
		t.Errorf("key before expiry: %d", got)
	}
	clock.Advance(time.Hour)
	if got := status(expiring); got != 401 {
		t.Errorf("expired key: %d, want 401", got)
	}
}

func TestKeysReload(t *testing.T) {
	var logs logBuffer
	path := filepath.Join(t.TempDir(), "keys.json")
	first, _, err := CreateKey(path, KeySpec{Name: "first", Scopes: []string{ScopeAll}})
	if err != nil {
		t.Fatal(err)
	}
	s := newStack(t, Config{KeysFile: path, KeysPollInterval: 5 * time.Millisecond, Logger: newLogger(&logs)})
	h := s.Wrap(s.Authenticate(&okHandler{}))
	works := func(key string) bool {
		return serve(h, request("GET", "/", nil, "X-API-Key", key)).Code == http.StatusOK
	}
	if !works(first) {
		t.Fatal("key from the file refused")
	}

	// A new key appears without a restart.
	second, _, err := CreateKey(path, KeySpec{Name: "second", Scopes: []string{ScopeAll}})
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, "the new key to be accepted", func() bool { return works(second) })

	// A broken file keeps the last good set and says why.
	if err := os.WriteFile(path+".tmp", []byte(`{"keys": [`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".tmp", path); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the broken file to be logged", func() bool {
		return strings.Contains(logs.String(), "keys file invalid; keeping the last good keys")
	})
	if !works(first) || !works(second) {
		t.Error("a broken keys file dropped the last good keys")
	}
	if err := s.Reload(); err == nil {
		t.Error("Reload of a broken file reported no error")
	}

	// Revocation takes effect on the next reload.
	if err := writeKeysFile(path, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Reload(); err != nil {
		t.Fatal(err)
	}
	if works(first) {
		t.Error("a key removed from the file still works after Reload")
	}
}

func TestKeysReloadOnSignal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys.json")
	if _, _, err := CreateKey(path, KeySpec{Name: "first", Scopes: []string{ScopeAll}}); err != nil {
		t.Fatal(err)
	}
	// Polling is off in effect (an hour), so only the signal can reload.
	s := newStack(t, Config{KeysFile: path, KeysPollInterval: time.Hour, ReloadSignals: []os.Signal{syscall.SIGHUP}})
	h := s.Wrap(s.Authenticate(&okHandler{}))
	key, _, err := CreateKey(path, KeySpec{Name: "second", Scopes: []string{ScopeAll}})
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	eventually(t, "SIGHUP to load the new key", func() bool {
		return serve(h, request("GET", "/", nil, "X-API-Key", key)).Code == http.StatusOK
	})
}

func TestNewFailsOnBadKeysFile(t *testing.T) {
	dir := t.TempDir()
	if _, err := New(Config{KeysFile: filepath.Join(dir, "missing.json")}); err == nil {
		t.Error("New accepted a missing keys file")
	}
	bad := filepath.Join(dir, "bad.json")
	_ = os.WriteFile(bad, []byte("nope"), 0o600)
	if _, err := New(Config{KeysFile: bad}); err == nil {
		t.Error("New accepted a broken keys file")
	}
}

func TestDemoKeys(t *testing.T) {
	keys, full, readOnly, err := DemoKeys(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	s := newStack(t, Config{ExtraKeys: keys})
	for _, tt := range []struct {
		key   string
		scope string
		want  int
	}{
		{full, ScopePartnersWrite, 200},
		{full, ScopeInvoicesRead, 200},
		{readOnly, ScopePartnersRead, 200},
		{readOnly, ScopePartnersWrite, 403},
	} {
		h := s.Wrap(s.Authenticate(Require(tt.scope)(&okHandler{})))
		if got := serve(h, request("GET", "/", nil, "X-API-Key", tt.key)).Code; got != tt.want {
			t.Errorf("scope %s: %d, want %d", tt.scope, got, tt.want)
		}
	}
}

func TestParseExpiry(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"90d", 90 * 24 * time.Hour, true},
		{"2w", 14 * 24 * time.Hour, true},
		{"36h", 36 * time.Hour, true},
		{"30m", 30 * time.Minute, true},
		{"0d", 0, false},
		{"-1h", 0, false},
		{"soon", 0, false},
		{"d", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseExpiry(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseExpiry(%q) = %v, %v; want %v, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestKeysCommand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys.json")
	var out strings.Builder
	err := KeysCommand([]string{"create", "-name", "shop", "-scopes", "partners:read,orders:read", "-rate-per-min", "120", "-expires", "90d"}, path, &out)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	key := lines[len(lines)-1]
	if !strings.HasPrefix(key, KeyPrefix) {
		t.Fatalf("last line %q is not the key", key)
	}
	s := newStack(t, Config{KeysFile: path})
	h := s.Wrap(s.Authenticate(Require(ScopeOrdersRead)(&okHandler{})))
	rec := serve(h, request("GET", "/", nil, "X-API-Key", key))
	if rec.Code != 200 || rec.Header().Get("RateLimit-Limit") != "120" {
		t.Errorf("created key: status %d, RateLimit-Limit %q", rec.Code, rec.Header().Get("RateLimit-Limit"))
	}

	out.Reset()
	if err := KeysCommand([]string{"list"}, path, &out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), key) || !strings.Contains(out.String(), "shop") || !strings.Contains(out.String(), "active") {
		t.Errorf("list output:\n%s", out.String())
	}

	out.Reset()
	if err := KeysCommand([]string{"revoke", "shop"}, path, &out); err != nil {
		t.Fatal(err)
	}
	if err := s.Reload(); err != nil {
		t.Fatal(err)
	}
	if rec := serve(h, request("GET", "/", nil, "X-API-Key", key)); rec.Code != 401 {
		t.Errorf("revoked key: status %d, want 401", rec.Code)
	}

	for _, args := range [][]string{
		{},
		{"create", "-name", "x"},
		{"create", "-name", "x", "-scopes", "partners:reed"},
		{"create", "-name", "x", "-scopes", "*", "-expires", "soon"},
		{"revoke"},
		{"rotate"},
	} {
		if err := KeysCommand(args, path, &out); err == nil {
			t.Errorf("KeysCommand(%q) succeeded", args)
		}
	}
	if err := KeysCommand([]string{"list"}, "", &out); err == nil {
		t.Error("KeysCommand without a keys file succeeded")
	}
}

// eventually polls cond until it holds, failing after a generous bound.
// It waits for background work (file polling, a restarted Redis), never
// asserts how long that takes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for range 1000 {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

func TestRotateKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys.json")
	oldKey, oldInfo, err := CreateKey(path, KeySpec{Name: "shop", Scopes: []string{ScopeProductsRead}, RatePerMin: 90,
		Origins: []string{"https://shop.example"}})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := KeysCommand([]string{"rotate", "-overlap", "7d", "shop"}, path, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	newKey := lines[len(lines)-1]
	keys, _ := ListKeys(path)
	if len(keys) != 2 {
		t.Fatalf("%d keys after rotation, want 2", len(keys))
	}
	old, rotated := keys[0], keys[1]
	if old.ID != oldInfo.ID || old.ExpiresAt.IsZero() || old.ExpiresAt.Sub(old.CreatedAt) > 7*24*time.Hour+time.Minute {
		t.Errorf("old key after rotation: %+v, want it to expire in 7 days", old)
	}
	if diff := cmp.Diff([]any{old.Name, old.Scopes, old.RatePerMin, old.Origins}, []any{rotated.Name, rotated.Scopes, rotated.RatePerMin, rotated.Origins}); diff != "" {
		t.Errorf("the new key differs from the old one (-old +new):\n%s", diff)
	}
	// Both keys work during the overlap, and share one budget.
	clock := newFakeClock()
	clock.t = time.Now()
	s := newStack(t, Config{KeysFile: path, clock: clock.Now})
	h := s.Wrap(s.Authenticate(&okHandler{}))
	for _, k := range []string{oldKey, newKey} {
		if rec := serve(h, request("GET", "/", nil, "X-API-Key", k, "Origin", "https://shop.example")); rec.Code != 200 {
			t.Errorf("during the overlap: status %d", rec.Code)
		} else if rec.Header().Get("RateLimit-Limit") != "90" {
			t.Errorf("RateLimit-Limit %q", rec.Header().Get("RateLimit-Limit"))
		}
	}
	clock.Advance(7*24*time.Hour + time.Minute)
	if rec := serve(h, request("GET", "/", nil, "X-API-Key", oldKey)); rec.Code != 401 {
		t.Errorf("old key after the overlap: status %d, want 401", rec.Code)
	}
	if rec := serve(h, request("GET", "/", nil, "X-API-Key", newKey)); rec.Code != 200 {
		t.Errorf("new key after the overlap: status %d, want 200", rec.Code)
	}
	if _, _, err := RotateKey(path, "nobody", time.Hour); !errors.Is(err, ErrNoSuchKey) {
		t.Errorf("rotating an unknown name: %v", err)
	}
}
