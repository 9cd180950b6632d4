package access

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"strings"
)

// jwk is one JSON Web Key (RFC 7517) as found in a key set; only public
// RSA and EC signing keys are read.
type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Use string `json:"use"`
	Alg string `json:"alg"`
	N   string `json:"n"`
	E   string `json:"e"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Y   string `json:"y"`
}

// verificationKey is a parsed key with what it may verify.
type verificationKey struct {
	kid string
	alg string // "" when the set does not pin one
	key any    // *rsa.PublicKey or *ecdsa.PublicKey
}

// jwkSet is one immutable generation of verification keys.
type jwkSet struct {
	keys []verificationKey
}

// find returns the key for a token's kid and alg: the key with that kid, or
// when the token names none, the only key that fits the alg.
func (s *jwkSet) find(kid, alg string) any {
	var match any
	n := 0
	for _, k := range s.keys {
		if !keyFitsAlg(k, alg) || (kid != "" && k.kid != kid) {
			continue
		}
		match = k.key
		n++
	}
	if kid == "" && n > 1 {
		return nil // ambiguous: refuse rather than guess
	}
	return match
}

func keyFitsAlg(k verificationKey, alg string) bool {
	if k.alg != "" && k.alg != alg {
		return false
	}
	switch key := k.key.(type) {
	case *rsa.PublicKey:
		return strings.HasPrefix(alg, "RS") || strings.HasPrefix(alg, "PS")
	case *ecdsa.PublicKey:
		return (alg == "ES256" && key.Curve == elliptic.P256()) ||
			(alg == "ES384" && key.Curve == elliptic.P384())
	}
	return false
}

func readJWKSFile(path string) (*jwkSet, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseJWKS(io.LimitReader(f, 1<<20))
}

// parseJWKS reads a key set, skipping keys it does not use (encryption
// keys, other key types) but failing on a usable key that is malformed, and
// on a set with no usable key at all.
func parseJWKS(r io.Reader) (*jwkSet, error) {
	var doc struct {
		Keys []jwk `json:"keys"`
	}
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return nil, fmt.Errorf("parse JWKS: %w", err)
	}
	set := &jwkSet{}
	for i, k := range doc.Keys {
		if k.Use != "" && k.Use != "sig" {
			continue
		}
		var key any
		var err error
		switch k.Kty {
		case "RSA":
			key, err = rsaKey(k)
		case "EC":
			key, err = ecKey(k)
		default:
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("JWKS key %d (kid %q): %w", i, k.Kid, err)
		}
		set.keys = append(set.keys, verificationKey{kid: k.Kid, alg: k.Alg, key: key})
	}
	if len(set.keys) == 0 {
		return nil, errors.New("JWKS has no RSA or EC signing key")
	}
	return set, nil
}

func rsaKey(k jwk) (*rsa.PublicKey, error) {
	n, err := base64.RawURLEncoding.DecodeString(k.N)
	if err != nil || len(n) == 0 {
		return nil, errors.New("bad n")
	}
	e, err := base64.RawURLEncoding.DecodeString(k.E)
	if err != nil || len(e) == 0 || len(e) > 4 {
		return nil, errors.New("bad e")
	}
	exp := 0
	for _, b := range e {
		exp = exp<<8 | int(b)
	}
	key := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: exp}
	if key.N.BitLen() < 2048 {
		return nil, errors.New("RSA keys under 2048 bits are refused")
	}
	return key, nil
}

func ecKey(k jwk) (*ecdsa.PublicKey, error) {
	var curve elliptic.Curve
	switch k.Crv {
	case "P-256":
		curve = elliptic.P256()
	case "P-384":
		curve = elliptic.P384()
	default:
		return nil, fmt.Errorf("curve %q is not supported", k.Crv)
	}
	size := (curve.Params().BitSize + 7) / 8
	x, errX := base64.RawURLEncoding.DecodeString(k.X)
	y, errY := base64.RawURLEncoding.DecodeString(k.Y)
	if errX != nil || errY != nil || len(x) != size || len(y) != size {
		return nil, errors.New("bad x or y")
	}
	point := append(append([]byte{4}, x...), y...)
	return ecdsa.ParseUncompressedPublicKey(curve, point)
}
