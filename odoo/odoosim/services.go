package odoosim

import (
	"fmt"
	"strconv"
	"strings"
)

// methodNotFound is what the common and db dispatchers raise for a name
// they do not export.
func methodNotFound(method string) error {
	return pyError("Exception", "Method not found: "+method)
}

// common serves odoo/service/common.py. A bad login is False, not a
// fault, but an unknown database is the psycopg2 error Odoo lets through.
func (s *Server) common(ep endpoint, method string, args []any) (any, error) {
	switch method {
	case "version":
		d := newDict()
		d.Set("server_version", s.version())
		d.Set("server_version_info", []any{s.cfg.major, 0, 0, "final", 0, ""})
		d.Set("server_serie", s.version())
		d.Set("protocol_version", 1)
		return d, nil
	case "about":
		return "See http://openerp.com", nil
	case "authenticate", "login":
		want := 4
		if method == "login" {
			want = 3
		}
		if len(args) != want {
			return nil, typeError(fmt.Sprintf("exp_%s() takes %d positional arguments but %d were given", method, want, len(args)),
				odooFrame("service/common.py", 60, "dispatch", "return g[exp_method_name](*params)"))
		}
		db, _ := args[0].(string)
		login, _ := args[1].(string)
		secret, _ := args[2].(string)
		if db != DB {
			return nil, unknownDBError(ep, db)
		}
		s.mu.RLock()
		uid := s.st.login(login, secret)
		s.mu.RUnlock()
		if uid == 0 {
			return false, nil
		}
		return uid, nil
	}
	return nil, methodNotFound(method)
}

// db serves the read-only part of odoo/service/db.py; database management
// is not simulated.
func (s *Server) db(method string, args []any) (any, error) {
	switch method {
	case "server_version":
		return s.version(), nil
	case "list":
		return []any{DB}, nil
	case "db_exist":
		if len(args) == 1 {
			return args[0] == DB, nil
		}
	case "list_lang":
		return []any{[]any{"en_US", "English (US)"}}, nil
	}
	return nil, methodNotFound(method)
}

// object serves execute and execute_kw like odoo/service/model.py.
func (s *Server) object(ep endpoint, method string, args []any) (any, error) {
	if method != "execute" && method != "execute_kw" {
		e := pyError("NameError", "Method not available "+method,
			odooFrame("service/model.py", 127, "dispatch", "raise NameError(\"Method not available %s\" % method)"))
		e.svc = "object-dispatch"
		return nil, e
	}
	if len(args) < 5 {
		return nil, typeError(fmt.Sprintf("execute_kw() missing %d required positional arguments", 5-len(args)))
	}
	db, _ := args[0].(string)
	uid, ok := uidArg(args[1])
	if !ok {
		return nil, valueError(fmt.Sprintf("invalid literal for int() with base 10: %s", pyRepr(args[1])))
	}
	secret, _ := args[2].(string)
	modelName, _ := args[3].(string)
	name, _ := args[4].(string)
	if db != DB {
		return nil, unknownDBError(ep, db)
	}
	var posArgs []any
	var kwargs *dict
	if method == "execute_kw" {
		if len(args) > 7 {
			return nil, typeError(fmt.Sprintf("execute_kw() takes from 5 to 7 positional arguments but %d were given", len(args)))
		}
		if len(args) > 5 {
			list, ok := args[5].([]any)
			if !ok && args[5] != nil {
				return nil, typeError("argument after * must be an iterable, not " + pyTypeName(args[5]))
			}
			posArgs = list
		}
		if len(args) > 6 {
			kw, ok := args[6].(*dict)
			if !ok && args[6] != nil {
				return nil, typeError("argument after ** must be a mapping, not " + pyTypeName(args[6]))
			}
			kwargs = kw
		}
	} else {
		posArgs = args[5:]
	}
	return s.execute(uid, secret, modelName, name, posArgs, kwargs)
}

func uidArg(v any) (int, bool) {
	switch x := v.(type) {
	case int:
		return x, true
	case string:
		n, err := strconv.Atoi(strings.TrimSpace(x))
		return n, err == nil
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	case float64:
		return int(x), true
	}
	return 0, false
}

// execute authenticates and runs a model method under the database lock:
// shared for reads, exclusive (and rolled back on error) for writes.
func (s *Server) execute(uid int, secret, modelName, name string, args []any, kwargs *dict) (any, error) {
	s.mu.RLock()
	err := s.st.checkUID(uid, secret)
	s.mu.RUnlock()
	if err != nil {
		return nil, err
	}
	m := s.reg.model(modelName)
	if m == nil {
		return nil, userError("Object %s doesn't exist", modelName)
	}
	spec, lerr := lookupMethod(m, name)
	if lerr != nil {
		return nil, lerr
	}
	var ctx *dict
	if kwargs != nil {
		if v, ok := kwargs.Get("context"); ok {
			ctx, _ = v.(*dict)
			rest := newDict()
			for _, k := range kwargs.Keys() {
				if k != "context" {
					x, _ := kwargs.Get(k)
					rest.Set(k, x)
				}
			}
			kwargs = rest
		}
	}
	var ids []int
	if spec.record {
		if len(args) == 0 {
			return nil, pyError("IndexError", "list index out of range")
		}
		var ok bool
		ids, ok = idList(args[0])
		if !ok {
			return nil, typeError(fmt.Sprintf("unhashable type: '%s'", pyTypeName(args[0])))
		}
		args = args[1:]
	}
	bound, extra, berr := bind(spec, args, kwargs)
	if berr != nil {
		return nil, berr
	}
	return s.run(uid, m, spec, ids, bound, extra, ctx)
}

// run executes a bound method call under the database lock: shared for
// reads, exclusive (and rolled back on error) for writes. A method
// returning None gives nil.
func (s *Server) run(uid int, m *model, spec *methodSpec, ids []int, bound map[string]any, extra, ctx *dict) (any, error) {
	if spec.write {
		s.mu.Lock()
		defer s.mu.Unlock()
	} else {
		s.mu.RLock()
		defer s.mu.RUnlock()
	}
	e := newEnv(s.reg, s.st, uid, s.cfg.clock())
	e.ctx = ctx
	if ctx != nil {
		if v, ok := ctx.Get("active_test"); ok {
			e.activeTest = truthy(v)
		}
	}
	if spec.write {
		e.tx = &tx{}
	}
	c := &call{e: e, m: m, ids: ids, args: bound, extra: extra}
	result, rerr := spec.run(c)
	if rerr != nil {
		if e.tx != nil {
			e.tx.rollback()
		}
		return nil, rerr
	}
	if c.noneResult {
		return nil, nil
	}
	return result, nil
}
