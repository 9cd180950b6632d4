package odoosim

import (
	"fmt"
	"strings"
)

// param is one Python parameter of a model method.
type param struct {
	name     string
	def      any
	required bool
}

// methodSpec describes a public model method: its Python signature, used
// to bind positional and keyword arguments exactly like Python does, and
// whether it needs the write lock.
type methodSpec struct {
	qualname string
	record   bool
	params   []param
	varkw    bool
	write    bool
	// applies limits the method to some models; nil means every model.
	applies func(m *model) bool
	run     func(c *call) (any, error)
}

// call is one bound method invocation.
type call struct {
	e     *env
	m     *model
	ids   []int
	args  map[string]any
	extra *dict
	// noneResult marks methods returning None, which the XML-RPC layer
	// cannot marshal.
	noneResult bool
}

func (c *call) arg(name string) any { return c.args[name] }

func p(name string, def any) param { return param{name: name, def: def} }
func req(name string) param        { return param{name: name, required: true} }

// privateMethods are public-looking names Odoo marks @api.private.
var privateMethods = map[string]bool{
	"check_access": true, "check_access_rights": true, "check_access_rule": true,
	"check_field_access_rights": true, "has_access": true, "browse": true, "sudo": true,
	"with_user": true, "with_context": true, "with_env": true, "with_company": true,
	"ensure_one": true, "init": true, "modified": true, "flush_model": true,
	"flush_recordset": true, "invalidate_model": true, "invalidate_recordset": true,
	"filtered": true, "mapped": true, "sorted": true, "grouped": true, "search_fetch": true,
	"fetch": true, "union": true, "get_metadata": true,
}

func hasActive(m *model) bool { return m.hasActive() }

func isModel(names ...string) func(m *model) bool {
	return func(m *model) bool {
		for _, n := range names {
			if m.name == n {
				return true
			}
		}
		return false
	}
}

var mailThreads = isModel("res.partner", "sale.order", "account.move", "product.product")

var methods map[string]*methodSpec

func init() {
	methods = map[string]*methodSpec{
		"search_read":          {qualname: "BaseModel.search_read", params: []param{p("domain", nil), p("fields", nil), p("offset", 0), p("limit", nil), p("order", nil)}, varkw: true, run: runSearchRead},
		"search":               {qualname: "BaseModel.search", params: []param{req("domain"), p("offset", 0), p("limit", nil), p("order", nil)}, run: runSearch},
		"search_count":         {qualname: "BaseModel.search_count", params: []param{req("domain"), p("limit", nil)}, run: runSearchCount},
		"read":                 {qualname: "BaseModel.read", record: true, params: []param{p("fields", nil), p("load", "_classic_read")}, run: runRead},
		"create":               {qualname: "BaseModel.create", params: []param{req("vals_list")}, write: true, run: runCreate},
		"write":                {qualname: "BaseModel.write", record: true, params: []param{req("vals")}, write: true, run: runWrite},
		"unlink":               {qualname: "BaseModel.unlink", record: true, write: true, run: runUnlink},
		"fields_get":           {qualname: "BaseModel.fields_get", params: []param{p("allfields", nil), p("attributes", nil)}, run: runFieldsGet},
		"name_search":          {qualname: "BaseModel.name_search", params: []param{p("name", ""), p("domain", nil), p("operator", "ilike"), p("limit", 100)}, run: runNameSearch},
		"name_create":          {qualname: "BaseModel.name_create", params: []param{req("name")}, write: true, run: runNameCreate},
		"exists":               {qualname: "BaseModel.exists", record: true, run: runExists},
		"web_search_read":      {qualname: "Base.web_search_read", params: []param{req("domain"), req("specification"), p("offset", 0), p("limit", nil), p("order", nil), p("count_limit", nil)}, run: runWebSearchRead},
		"web_read":             {qualname: "Base.web_read", record: true, params: []param{req("specification")}, run: runWebRead},
		"formatted_read_group": {qualname: "BaseModel.formatted_read_group", params: []param{req("domain"), p("groupby", []any{}), p("aggregates", []any{}), p("having", []any{}), p("offset", 0), p("limit", nil), p("order", nil)}, run: runFormattedReadGroup},
		"action_archive":       {qualname: "BaseModel.action_archive", record: true, write: true, applies: hasActive, run: runArchive(false)},
		"action_unarchive":     {qualname: "BaseModel.action_unarchive", record: true, write: true, applies: hasActive, run: runArchive(true)},
		"message_post":         {qualname: "MailThread.message_post", record: true, varkw: true, write: true, applies: mailThreads, run: runMessagePost},
		"action_confirm":       {qualname: "SaleOrder.action_confirm", record: true, write: true, applies: isModel(saleModel), run: runSaleState("sale", "draft", "sent")},
		"action_cancel":        {qualname: "SaleOrder.action_cancel", record: true, write: true, applies: isModel(saleModel), run: runSaleState("cancel", "draft", "sent", "sale")},
		"action_draft":         {qualname: "SaleOrder.action_draft", record: true, write: true, applies: isModel(saleModel), run: runSaleState("draft", "cancel", "sent")},
		"action_post":          {qualname: "AccountMove.action_post", record: true, write: true, applies: isModel(moveModel), run: runMovePost},
		"context_get":          {qualname: "ResUsers.context_get", applies: isModel("res.users"), run: runContextGet},
	}
}

// bind assigns arguments to parameters like a Python call, with Python's
// TypeError messages.
func bind(spec *methodSpec, positional []any, kwargs *dict) (map[string]any, *dict, error) {
	args := map[string]any{}
	if len(positional) > len(spec.params) {
		return nil, nil, typeError(fmt.Sprintf("%s() takes %s but %d were given", spec.qualname, positionalCount(spec), len(positional)+1))
	}
	for i, v := range positional {
		args[spec.params[i].name] = v
	}
	extra := newDict()
	if kwargs != nil {
		for _, k := range kwargs.Keys() {
			v, _ := kwargs.Get(k)
			known := false
			for _, prm := range spec.params {
				if prm.name == k {
					known = true
				}
			}
			switch {
			case known:
				if _, dup := args[k]; dup {
					return nil, nil, typeError(fmt.Sprintf("%s() got multiple values for argument %s", spec.qualname, pyStr(k)))
				}
				args[k] = v
			case spec.varkw:
				extra.Set(k, v)
			default:
				return nil, nil, typeError(fmt.Sprintf("%s() got an unexpected keyword argument %s", spec.qualname, pyStr(k)))
			}
		}
	}
	var missing []string
	for _, prm := range spec.params {
		if _, ok := args[prm.name]; ok {
			continue
		}
		if prm.required {
			missing = append(missing, pyStr(prm.name))
			continue
		}
		args[prm.name] = prm.def
	}
	if len(missing) > 0 {
		noun := "argument"
		if len(missing) > 1 {
			noun = "arguments"
		}
		list := strings.Join(missing, ", ")
		if len(missing) > 1 {
			list = strings.Join(missing[:len(missing)-1], ", ") + " and " + missing[len(missing)-1]
		}
		return nil, nil, typeError(fmt.Sprintf("%s() missing %d required positional %s: %s", spec.qualname, len(missing), noun, list))
	}
	return args, extra, nil
}

func positionalCount(spec *methodSpec) string {
	min := 1
	for _, prm := range spec.params {
		if prm.required {
			min++
		}
	}
	max := 1 + len(spec.params)
	if min == max {
		if max == 1 {
			return "1 positional argument"
		}
		return fmt.Sprintf("%d positional arguments", max)
	}
	return fmt.Sprintf("from %d to %d positional arguments", min, max)
}

// lookupMethod resolves a method name like service/model.py's
// get_public_method.
func lookupMethod(m *model, name string) (*methodSpec, error) {
	if strings.HasPrefix(name, "_") || privateMethods[name] {
		return nil, accessError(fmt.Sprintf("Private methods (such as '%s.%s') cannot be called remotely.", m.name, name))
	}
	spec := methods[name]
	if spec == nil || (spec.applies != nil && !spec.applies(m)) {
		e := pyError("AttributeError", fmt.Sprintf("The method '%s.%s' does not exist", m.name, name),
			odooFrame("service/model.py", 59, "get_public_method", "raise AttributeError(f\"The method '{model._name}.{name}' does not exist\")  # noqa: TRY004"))
		e.svc = "object-method"
		return nil, e
	}
	return spec, nil
}
