package access

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// KeyPrefix starts every API key, so that a key is recognisable in a
// config file or a leak report, and can be told apart from a JWT in an
// Authorization header.
const KeyPrefix = "ogw_"

// keyBytes is the amount of randomness in a key.
const keyBytes = 32

// KeySpec describes a key to create.
type KeySpec struct {
	// Name identifies the client; overlapping keys of one client (during a
	// rotation) share the name and so share one rate-limit budget.
	Name string
	// Scopes granted; see ParseScopes.
	Scopes []string
	// RatePerMin is the client's budget of requests per minute; 0 means the
	// gateway's default.
	RatePerMin int
	// Origins optionally narrows the CORS origins the key may be used from.
	Origins []string
	// ExpiresAt is when the key stops working; zero means never.
	ExpiresAt time.Time
}

// KeyInfo is a stored API key: everything but the key itself, of which
// only the SHA-256 hash is kept. It is one entry of the keys file.
type KeyInfo struct {
	// ID identifies this one key (e.g. to revoke the old key of a rotation).
	ID string `json:"id"`
	// Name is the client's name (KeySpec.Name).
	Name string `json:"name"`
	// Hash is the hex SHA-256 of the whole key.
	Hash string `json:"sha256"`
	// Hint is the key's prefix and last four characters, so that a person
	// holding a key can tell which entry it is.
	Hint string `json:"hint,omitempty"`
	// Scopes, RatePerMin and Origins are as in KeySpec (RatePerMin 0: the
	// default rate).
	Scopes     []string `json:"scopes"`
	RatePerMin int      `json:"rate_per_min,omitempty"`
	Origins    []string `json:"origins,omitempty"`
	// CreatedAt and ExpiresAt bound the key's life (zero ExpiresAt: never).
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at,omitzero"`
	// Disabled marks a revoked key, since DisabledAt; it stays in the file
	// as a record.
	Disabled   bool      `json:"disabled,omitempty"`
	DisabledAt time.Time `json:"disabled_at,omitzero"`
}

// Key states, as reported by State.
const (
	KeyActive   = "active"
	KeyExpired  = "expired"
	KeyDisabled = "disabled"
)

// State says whether the key works at now.
func (k KeyInfo) State(now time.Time) string {
	switch {
	case k.Disabled:
		return KeyDisabled
	case !k.ExpiresAt.IsZero() && !now.Before(k.ExpiresAt):
		return KeyExpired
	}
	return KeyActive
}

// NewKey generates a key for spec and returns it (to be shown once) with
// its stored form. Nothing is written anywhere.
func NewKey(spec KeySpec, now time.Time) (plaintext string, info KeyInfo, err error) {
	scopes, err := normalizeScopes(spec.Scopes)
	if err != nil {
		return "", KeyInfo{}, err
	}
	info = KeyInfo{
		ID:         "k_" + strings.ToLower(rand.Text()[:12]),
		Name:       spec.Name,
		Scopes:     scopes,
		RatePerMin: spec.RatePerMin,
		Origins:    spec.Origins,
		CreatedAt:  now.UTC().Truncate(time.Second),
	}
	if !spec.ExpiresAt.IsZero() {
		info.ExpiresAt = spec.ExpiresAt.UTC().Truncate(time.Second)
	}
	b := make([]byte, keyBytes)
	if _, err := rand.Read(b); err != nil {
		return "", KeyInfo{}, fmt.Errorf("generate key: %w", err)
	}
	plaintext = KeyPrefix + base64.RawURLEncoding.EncodeToString(b)
	info.Hash = hashKey(plaintext)
	info.Hint = KeyPrefix + "…" + plaintext[len(plaintext)-4:]
	if err := info.validate(); err != nil {
		return "", KeyInfo{}, err
	}
	return plaintext, info, nil
}

// DemoKeys returns two fresh in-memory keys for -demo, to be passed in
// Config.ExtraKeys: "demo" with every scope and "demo-readonly" with every
// read scope. They are never written to the keys file.
func DemoKeys(now time.Time) (keys []KeyInfo, full, readOnly string, err error) {
	full, fullInfo, err := NewKey(KeySpec{Name: "demo", Scopes: []string{ScopeAll}}, now)
	if err != nil {
		return nil, "", "", err
	}
	readOnly, roInfo, err := NewKey(KeySpec{Name: "demo-readonly", Scopes: ReadScopes}, now)
	if err != nil {
		return nil, "", "", err
	}
	return []KeyInfo{fullInfo, roInfo}, full, readOnly, nil
}

func hashKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// keyName restricts names to what is safe in logs, metrics and Redis keys.
var keyName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// validate checks one stored key; the keys file is rejected as a whole if
// any entry is wrong, so that a half-understood file never replaces a good
// one.
func (k KeyInfo) validate() error {
	if !keyName.MatchString(k.Name) {
		return fmt.Errorf("key %q: name must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit", k.Name)
	}
	if k.ID == "" {
		return fmt.Errorf("key %q: id is missing", k.Name)
	}
	if b, err := hex.DecodeString(k.Hash); err != nil || len(b) != sha256.Size {
		return fmt.Errorf("key %q (%s): sha256 must be 64 hex digits", k.Name, k.ID)
	}
	if _, err := normalizeScopes(k.Scopes); err != nil {
		return fmt.Errorf("key %q (%s): %w", k.Name, k.ID, err)
	}
	if k.RatePerMin < 0 {
		return fmt.Errorf("key %q (%s): rate_per_min must not be negative", k.Name, k.ID)
	}
	for _, o := range k.Origins {
		if err := validateOrigin(o); err != nil {
			return fmt.Errorf("key %q (%s): %w", k.Name, k.ID, err)
		}
	}
	return nil
}

// validateOrigin accepts exact origins only: scheme://host[:port], no path,
// no wildcard, so that narrowing is a plain string comparison.
func validateOrigin(o string) error {
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil || strings.Contains(o, "*") {
		return fmt.Errorf("origin %q must be an exact origin such as https://app.example.com", o)
	}
	return nil
}

// keyset is one immutable generation of keys, swapped whole on reload.
type keyset struct {
	byHash map[[sha256.Size]byte]KeyInfo
}

// newKeyset indexes keys by hash; two entries with one hash are an error
// (they could disagree on scopes).
func newKeyset(keys ...[]KeyInfo) (*keyset, error) {
	ks := &keyset{byHash: map[[sha256.Size]byte]KeyInfo{}}
	for _, list := range keys {
		for _, k := range list {
			if err := k.validate(); err != nil {
				return nil, err
			}
			var h [sha256.Size]byte
			_, _ = hex.Decode(h[:], []byte(strings.ToLower(k.Hash)))
			if _, dup := ks.byHash[h]; dup {
				return nil, fmt.Errorf("key %q (%s): the same key appears twice", k.Name, k.ID)
			}
			ks.byHash[h] = k
		}
	}
	return ks, nil
}

// errBadCredential is the one answer for every bad key or token, so that the
// response never tells whether a key exists, expired or was revoked.
var errBadCredential = errors.New("invalid credential")

// lookup finds the active key whose hash matches the presented key. The map
// is keyed by the SHA-256 of the input, which an attacker cannot steer, and
// the final comparison is constant-time.
func (ks *keyset) lookup(presented string, now time.Time) (KeyInfo, error) {
	if ks == nil || !strings.HasPrefix(presented, KeyPrefix) {
		return KeyInfo{}, errBadCredential
	}
	h := sha256.Sum256([]byte(presented))
	k, ok := ks.byHash[h]
	if !ok {
		return KeyInfo{}, errBadCredential
	}
	stored, _ := hex.DecodeString(k.Hash)
	if subtle.ConstantTimeCompare(stored, h[:]) != 1 || k.State(now) != KeyActive {
		return KeyInfo{}, errBadCredential
	}
	return k, nil
}

// principal turns a key into the principal it authenticates.
func (k KeyInfo) principal(defaultRate int) *Principal {
	rate := k.RatePerMin
	if rate <= 0 {
		rate = defaultRate
	}
	return &Principal{
		Name:       k.Name,
		Kind:       KindKey,
		KeyID:      k.ID,
		Scopes:     slices.Clone(k.Scopes),
		RatePerMin: rate,
		Origins:    slices.Clone(k.Origins),
		ExpiresAt:  k.ExpiresAt,
	}
}

// ParseExpiry parses a lifetime such as "90d", "12w", "36h" or "30m" (any
// Go duration, plus d for days and w for weeks).
func ParseExpiry(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	unit := time.Duration(0)
	switch {
	case strings.HasSuffix(s, "d"):
		unit = 24 * time.Hour
	case strings.HasSuffix(s, "w"):
		unit = 7 * 24 * time.Hour
	}
	if unit != 0 {
		n, err := strconv.Atoi(s[:len(s)-1])
		if err != nil || n <= 0 {
			return 0, fmt.Errorf("invalid expiry %q: want e.g. 90d, 12w or 36h", s)
		}
		return time.Duration(n) * unit, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("invalid expiry %q: want e.g. 90d, 12w or 36h", s)
	}
	return d, nil
}
