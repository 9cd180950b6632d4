package access

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// keysFileVersion is the format version written to new keys files.
const keysFileVersion = 1

// keysFile is the JSON document of the keys file (see docs/access.md).
type keysFile struct {
	Version int       `json:"version"`
	Keys    []KeyInfo `json:"keys"`
}

// readKeysFile reads and validates the keys file. A missing file is an
// error here; callers that create files treat it as empty.
func readKeysFile(path string) ([]KeyInfo, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseKeysFile(b)
}

func parseKeysFile(b []byte) ([]KeyInfo, error) {
	var f keysFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("parse keys file: %w", err)
	}
	if f.Version != 0 && f.Version != keysFileVersion {
		return nil, fmt.Errorf("keys file version %d is not supported (want %d)", f.Version, keysFileVersion)
	}
	if _, err := newKeyset(f.Keys); err != nil {
		return nil, err
	}
	return f.Keys, nil
}

// writeKeysFile replaces the keys file atomically (a temporary file in the
// same directory, synced, then renamed), so that a gateway reloading it
// never sees half a file, and with mode 0600 because names and scopes are
// nobody else's business.
func writeKeysFile(path string, keys []KeyInfo) error {
	b, err := json.MarshalIndent(keysFile{Version: keysFileVersion, Keys: keys}, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write keys file: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("write keys file: %w", err)
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("write keys file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write keys file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write keys file: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write keys file: %w", err)
	}
	return nil
}

// updateKeysFile reads the keys file (missing means empty), lets change edit
// the list, and writes it back atomically.
func updateKeysFile(path string, change func([]KeyInfo) ([]KeyInfo, error)) error {
	if path == "" {
		return errors.New("no keys file configured")
	}
	keys, err := readKeysFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: %w", path, err)
	}
	keys, err = change(keys)
	if err != nil {
		return err
	}
	if _, err := newKeyset(keys); err != nil {
		return err
	}
	return writeKeysFile(path, keys)
}

// CreateKey generates a key for spec, appends its hash to the keys file at
// path (creating the file if needed) and returns the key, which is never
// stored and must be shown to the user once. A name already in the file is
// allowed: that is how a client's key is rotated, the old and new keys
// overlapping until the old one expires or is revoked by id.
func CreateKey(path string, spec KeySpec) (plaintext string, info KeyInfo, err error) {
	plaintext, info, err = NewKey(spec, time.Now())
	if err != nil {
		return "", KeyInfo{}, err
	}
	err = updateKeysFile(path, func(keys []KeyInfo) ([]KeyInfo, error) {
		return append(keys, info), nil
	})
	if err != nil {
		return "", KeyInfo{}, err
	}
	return plaintext, info, nil
}

// ListKeys returns the stored keys (never the keys themselves, which are
// not stored), in file order.
func ListKeys(path string) ([]KeyInfo, error) {
	keys, err := readKeysFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return keys, err
}

// RotateKey creates a new key for the client name with the scopes, rate
// and origins of its newest active key, and makes the client's other active
// keys expire after overlap (unless they expire sooner), so that the client
// can switch to the new key without downtime. It returns the new key, to be
// shown once.
func RotateKey(path, name string, overlap time.Duration) (plaintext string, info KeyInfo, err error) {
	now := time.Now()
	err = updateKeysFile(path, func(keys []KeyInfo) ([]KeyInfo, error) {
		keys = slices.Clone(keys)
		newest := -1
		for i, k := range keys {
			if k.Name == name && k.State(now) == KeyActive && (newest < 0 || !k.CreatedAt.Before(keys[newest].CreatedAt)) {
				newest = i
			}
		}
		if newest < 0 {
			return nil, fmt.Errorf("%w: no active key named %s", ErrNoSuchKey, name)
		}
		old := keys[newest]
		spec := KeySpec{Name: name, Scopes: old.Scopes, RatePerMin: old.RatePerMin, Origins: old.Origins}
		if !old.ExpiresAt.IsZero() {
			// The new key lives as long as the old one was meant to.
			spec.ExpiresAt = now.Add(old.ExpiresAt.Sub(old.CreatedAt))
		}
		var err error
		if plaintext, info, err = NewKey(spec, now); err != nil {
			return nil, err
		}
		end := now.Add(overlap).UTC().Truncate(time.Second)
		for i, k := range keys {
			if k.Name == name && k.State(now) == KeyActive && (k.ExpiresAt.IsZero() || k.ExpiresAt.After(end)) {
				keys[i].ExpiresAt = end
			}
		}
		return append(keys, info), nil
	})
	if err != nil {
		return "", KeyInfo{}, err
	}
	return plaintext, info, nil
}

// ErrNoSuchKey is returned when revoking a name or id that is not in the
// keys file.
var ErrNoSuchKey = errors.New("no such key")

// RevokeKey disables every key named name (all overlapping keys of that
// client) and returns how many it disabled. Running gateways stop accepting
// them at their next reload (within a second). Entries stay in the file,
// marked disabled, as a record; to end only the old key of a rotation, use
// RevokeKeyID.
func RevokeKey(path, name string) (int, error) {
	return revoke(path, func(k KeyInfo) bool { return k.Name == name }, "name "+name)
}

// RevokeKeyID disables the one key with the given id.
func RevokeKeyID(path, id string) (int, error) {
	return revoke(path, func(k KeyInfo) bool { return k.ID == id }, "id "+id)
}

func revoke(path string, match func(KeyInfo) bool, what string) (int, error) {
	n := 0
	now := time.Now().UTC().Truncate(time.Second)
	err := updateKeysFile(path, func(keys []KeyInfo) ([]KeyInfo, error) {
		keys = slices.Clone(keys)
		found := false
		for i, k := range keys {
			if !match(k) {
				continue
			}
			found = true
			if !k.Disabled {
				keys[i].Disabled, keys[i].DisabledAt = true, now
				n++
			}
		}
		if !found {
			return nil, fmt.Errorf("%w with %s", ErrNoSuchKey, what)
		}
		return keys, nil
	})
	return n, err
}

// fileStamp identifies one version of a file cheaply, to notice changes by
// polling (no inotify dependency, works on every file system).
type fileStamp struct {
	info fs.FileInfo
}

// changed reports whether the file now differs from the stamp, and the new
// stamp. A missing file is a change only if it existed before.
func (s fileStamp) changed(path string) (bool, fileStamp) {
	fi, err := os.Stat(path)
	if err != nil {
		return s.info != nil, fileStamp{}
	}
	if s.info == nil {
		return true, fileStamp{fi}
	}
	same := os.SameFile(s.info, fi) && s.info.ModTime().Equal(fi.ModTime()) && s.info.Size() == fi.Size()
	return !same, fileStamp{fi}
}
