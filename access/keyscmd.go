package access

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// KeysCommand runs the "keys" subcommand: args are what follows "keys"
// (create, list or revoke and their flags), path is the configured keys file
// (GATEWAY_KEYS_FILE), which -file overrides. Output goes to stdout; usage
// errors come back as errors.
//
//	keys create -name NAME -scopes a,b [-rate-per-min N] [-origins o1,o2] [-expires 90d]
//	keys list [-json]
//	keys rotate NAME [-overlap 7d]
//	keys revoke NAME | keys revoke -id ID
func KeysCommand(args []string, path string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: keys create|list|rotate|revoke (see -h of each)")
	}
	now := time.Now()
	switch args[0] {
	case "create":
		fs := newFlagSet("keys create", stdout)
		file := fs.String("file", path, "keys file (default from GATEWAY_KEYS_FILE)")
		name := fs.String("name", "", "client name (required); reuse it to rotate a client's key")
		scopes := fs.String("scopes", "", "comma-separated scopes (required): "+strings.Join(Scopes, ",")+" or *")
		rate := fs.Int("rate-per-min", 0, "requests per minute (0: the gateway default)")
		origins := fs.String("origins", "", "comma-separated browser origins the key is limited to (optional)")
		expires := fs.String("expires", "", "lifetime such as 90d, 12w or 36h (default: never)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *file == "" {
			return errors.New("no keys file: set GATEWAY_KEYS_FILE or pass -file")
		}
		if *name == "" || *scopes == "" {
			return errors.New("keys create: -name and -scopes are required")
		}
		spec := KeySpec{Name: *name, RatePerMin: *rate}
		var err error
		if spec.Scopes, err = ParseScopes(*scopes); err != nil {
			return err
		}
		if len(spec.Scopes) == 0 {
			return errors.New("keys create: -scopes lists no scope")
		}
		if *rate < 0 {
			return errors.New("keys create: -rate-per-min must not be negative")
		}
		for o := range strings.SplitSeq(*origins, ",") {
			if o = strings.TrimSpace(o); o != "" {
				spec.Origins = append(spec.Origins, o)
			}
		}
		if *expires != "" {
			d, err := ParseExpiry(*expires)
			if err != nil {
				return err
			}
			spec.ExpiresAt = now.Add(d)
		}
		key, info, err := CreateKey(*file, spec)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Created key %s for %q (scopes %s, %s, expires %s) in %s.\n",
			info.ID, info.Name, strings.Join(info.Scopes, ","), rateText(info.RatePerMin), expiryText(info.ExpiresAt), *file)
		fmt.Fprintln(stdout, "Store it now: it is shown only this once.")
		fmt.Fprintln(stdout, key)
		return nil
	case "list":
		fs := newFlagSet("keys list", stdout)
		file := fs.String("file", path, "keys file (default from GATEWAY_KEYS_FILE)")
		asJSON := fs.Bool("json", false, "print JSON")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *file == "" {
			return errors.New("no keys file: set GATEWAY_KEYS_FILE or pass -file")
		}
		keys, err := ListKeys(*file)
		if err != nil {
			return err
		}
		if *asJSON {
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "  ")
			if keys == nil {
				keys = []KeyInfo{}
			}
			return enc.Encode(keys)
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tHINT\tSTATE\tSCOPES\tRATE\tORIGINS\tCREATED\tEXPIRES")
		for _, k := range keys {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Name, k.Hint, k.State(now),
				strings.Join(k.Scopes, ","), rateText(k.RatePerMin), orDash(strings.Join(k.Origins, ",")),
				k.CreatedAt.Format(time.DateOnly), expiryText(k.ExpiresAt))
		}
		return tw.Flush()
	case "rotate":
		fs := newFlagSet("keys rotate", stdout)
		file := fs.String("file", path, "keys file (default from GATEWAY_KEYS_FILE)")
		overlap := fs.String("overlap", "7d", "how long the old key keeps working, e.g. 7d or 36h")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *file == "" {
			return errors.New("no keys file: set GATEWAY_KEYS_FILE or pass -file")
		}
		if fs.NArg() != 1 {
			return errors.New("usage: keys rotate NAME [-overlap 7d]")
		}
		d, err := ParseExpiry(*overlap)
		if err != nil {
			return err
		}
		key, info, err := RotateKey(*file, fs.Arg(0), d)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Created key %s for %q (scopes %s, %s, expires %s); the old key(s) stop working at %s.\n",
			info.ID, info.Name, strings.Join(info.Scopes, ","), rateText(info.RatePerMin), expiryText(info.ExpiresAt),
			now.Add(d).UTC().Truncate(time.Second).Format(time.RFC3339))
		fmt.Fprintln(stdout, "Store it now: it is shown only this once.")
		fmt.Fprintln(stdout, key)
		return nil
	case "revoke":
		fs := newFlagSet("keys revoke", stdout)
		file := fs.String("file", path, "keys file (default from GATEWAY_KEYS_FILE)")
		id := fs.String("id", "", "revoke only the key with this id (e.g. the old key of a rotation)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *file == "" {
			return errors.New("no keys file: set GATEWAY_KEYS_FILE or pass -file")
		}
		var n int
		var err error
		switch {
		case *id != "" && fs.NArg() == 0:
			n, err = RevokeKeyID(*file, *id)
		case *id == "" && fs.NArg() == 1:
			n, err = RevokeKey(*file, fs.Arg(0))
		default:
			return errors.New("usage: keys revoke NAME | keys revoke -id ID")
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Revoked %d key(s); running gateways stop accepting them within a second.\n", n)
		return nil
	}
	return fmt.Errorf("keys: unknown command %q (want create, list, rotate or revoke)", args[0])
}

func newFlagSet(name string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	return fs
}

func rateText(n int) string {
	if n == 0 {
		return "default rate"
	}
	return fmt.Sprintf("%d/min", n)
}

func expiryText(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.Format(time.RFC3339)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
