package graph

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"odoo-gateway/odoo"
)

// page is one page of a connection as a client sees it.
type page struct {
	TotalCount int
	PageInfo   struct {
		HasNextPage, HasPreviousPage bool
		StartCursor, EndCursor       *string
	}
	Edges []struct {
		Cursor string
		Node   struct{ ID string }
	}
	Nodes []struct{ ID string }
}

// ids lists the node ids of the page, checking edges and nodes agree.
func (p page) ids(t *testing.T) []string {
	t.Helper()
	out := make([]string, len(p.Nodes))
	for i, n := range p.Nodes {
		out[i] = n.ID
		if len(p.Edges) != len(p.Nodes) || p.Edges[i].Node.ID != n.ID {
			t.Fatalf("edges and nodes differ: %+v", p)
		}
	}
	return out
}

// fetchPage runs one page of a root connection; args is the argument list
// without parentheses.
func fetchPage(t *testing.T, env *testEnv, field, args string) page {
	t.Helper()
	q := fmt.Sprintf(`{ c: %s(%s) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
		edges { cursor node { id } } nodes { id } } }`, field, args)
	var out struct{ C page }
	env.query(t, q, &out)
	return out.C
}

// walk pages through a whole connection, forwards or backwards, and
// returns the ids in list order.
func walk(t *testing.T, env *testEnv, field, extra string, size int, backward bool) []string {
	t.Helper()
	var ids []string
	cursor := ""
	for range 100 {
		args := fmt.Sprintf("first: %d", size)
		if backward {
			args = fmt.Sprintf("last: %d", size)
		}
		if cursor != "" {
			if backward {
				args += fmt.Sprintf(", before: %q", cursor)
			} else {
				args += fmt.Sprintf(", after: %q", cursor)
			}
		}
		if extra != "" {
			args += ", " + extra
		}
		p := fetchPage(t, env, field, args)
		got := p.ids(t)
		if backward {
			ids = append(got, ids...)
			if !p.PageInfo.HasPreviousPage {
				return ids
			}
			cursor = *p.PageInfo.StartCursor
		} else {
			ids = append(ids, got...)
			if !p.PageInfo.HasNextPage {
				return ids
			}
			cursor = *p.PageInfo.EndCursor
		}
	}
	t.Fatal("more than 100 pages")
	return nil
}

func idStrings[T any](items []*T, id func(*T) int) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = fmt.Sprint(id(it))
	}
	return out
}

func TestConnectionsPageForwardAndBackward(t *testing.T) {
	env := newTestEnv(t)
	ctx := context.Background()
	yes := true
	all, err := env.Odoo.Partners(ctx, odoo.PartnerFilter{Customer: &yes}, odoo.ListOptions{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	want := idStrings(all.Items, func(p *odoo.Partner) int { return p.ID })
	if len(want) < 10 {
		t.Fatalf("only %d customers in the demo data", len(want))
	}
	for _, size := range []int{1, 4, len(want), 200} {
		t.Run(fmt.Sprintf("forward by %d", size), func(t *testing.T) {
			if diff := cmp.Diff(want, walk(t, env, "customers", "", size, false)); diff != "" {
				t.Errorf("forward walk (-want +got):\n%s", diff)
			}
		})
		t.Run(fmt.Sprintf("backward by %d", size), func(t *testing.T) {
			if diff := cmp.Diff(want, walk(t, env, "customers", "", size, true)); diff != "" {
				t.Errorf("backward walk (-want +got):\n%s", diff)
			}
		})
	}
}

func TestConnectionEdgesOfTheData(t *testing.T) {
	env := newTestEnv(t)
	first := fetchPage(t, env, "customers", "first: 200")
	total := len(first.Nodes)
	last := *first.PageInfo.EndCursor
	head := *first.PageInfo.StartCursor

	tests := []struct {
		name                   string
		args                   string
		wantIDs                []string
		wantNext, wantPrevious bool
	}{
		{name: "whole list", args: "first: 200", wantIDs: first.ids(t)},
		{name: "first 0 only says whether there are items", args: "first: 0", wantIDs: []string{}, wantNext: true},
		{name: "last 0", args: "last: 0", wantIDs: []string{}, wantPrevious: true},
		{name: "after the last item", args: fmt.Sprintf("first: 5, after: %q", last), wantIDs: []string{}, wantPrevious: true},
		{name: "before the first item", args: fmt.Sprintf("last: 5, before: %q", head), wantIDs: []string{}, wantNext: true},
		{name: "last 2", args: "last: 2", wantIDs: first.ids(t)[total-2:], wantPrevious: true},
		{name: "before alone pages backwards", args: fmt.Sprintf("before: %q", last), wantIDs: first.ids(t)[:total-1], wantNext: true},
		{name: "first 0 after the last item", args: fmt.Sprintf("first: 0, after: %q", last), wantIDs: []string{}, wantPrevious: true},
		{name: "a filter that matches nothing", args: `first: 5, filter: {query: "no such customer anywhere"}`, wantIDs: []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := fetchPage(t, env, "customers", tt.args)
			if diff := cmp.Diff(tt.wantIDs, p.ids(t)); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			if p.PageInfo.HasNextPage != tt.wantNext || p.PageInfo.HasPreviousPage != tt.wantPrevious {
				t.Errorf("hasNextPage, hasPreviousPage = %v, %v; want %v, %v",
					p.PageInfo.HasNextPage, p.PageInfo.HasPreviousPage, tt.wantNext, tt.wantPrevious)
			}
			if len(p.Nodes) == 0 && (p.PageInfo.StartCursor != nil || p.PageInfo.EndCursor != nil) {
				t.Errorf("an empty page has cursors %v, %v", p.PageInfo.StartCursor, p.PageInfo.EndCursor)
			}
			if len(p.Nodes) > 0 && (*p.PageInfo.StartCursor != p.Edges[0].Cursor || *p.PageInfo.EndCursor != p.Edges[len(p.Edges)-1].Cursor) {
				t.Error("start and end cursors are not the first and last edges' cursors")
			}
			if len(tt.wantIDs) > 0 && p.TotalCount != total {
				t.Errorf("totalCount = %d, want %d", p.TotalCount, total)
			}
		})
	}
}

// TestCursorsSurviveInsertsAndDeletes: the page after a cursor starts right
// after the cursor's record, whatever was inserted or deleted before it
// since (an offset would skip or repeat records).
func TestCursorsSurviveInsertsAndDeletes(t *testing.T) {
	env := newTestEnv(t)
	ctx := context.Background()
	// Page 1 is the test's own partners (their names sort first).
	var mine []int
	for _, name := range []string{"0000 Head A", "0000 Head B", "0000 Head C", "0000 Head D", "0000 Head E"} {
		p, err := env.Odoo.CreatePartner(ctx, odoo.PartnerInput{Name: odoo.Some(name)}, odoo.SelectionOf("name"))
		if err != nil {
			t.Fatal(err)
		}
		mine = append(mine, p.ID)
	}
	before := fetchPage(t, env, "partners", "first: 10")
	page1 := fetchPage(t, env, "partners", "first: 5")

	// Between the pages: one record of page 1 goes, two arrive before the
	// cursor and one after it.
	if err := env.Odoo.DeletePartner(ctx, mine[1]); err != nil {
		t.Fatal(err)
	}
	var inserted []string
	for _, name := range []string{"0000 Aardvark", "0000 Head AA", "0000 Head F"} {
		p, err := env.Odoo.CreatePartner(ctx, odoo.PartnerInput{Name: odoo.Some(name)}, odoo.SelectionOf("name"))
		if err != nil {
			t.Fatal(err)
		}
		inserted = append(inserted, fmt.Sprint(p.ID))
	}
	page2 := fetchPage(t, env, "partners", fmt.Sprintf("first: 5, after: %q", *page1.PageInfo.EndCursor))

	// "0000 Head F" sorts right after the cursor's record ("0000 Head
	// E"), so it opens page 2; the rest continues where page 1 ended.
	want := append([]string{}, before.ids(t)[5:10]...)
	if !slices.Contains(page1.ids(t), fmt.Sprint(mine[4])) {
		t.Fatalf("page 1 %v does not end with the test's partners", page1.ids(t))
	}
	want = append([]string{inserted[2]}, want[:4]...)
	if diff := cmp.Diff(want, page2.ids(t)); diff != "" {
		t.Errorf("page 2 (-want +got):\n%s", diff)
	}
	// Going back from page 2 finds page 1 as it is now.
	back := fetchPage(t, env, "partners", fmt.Sprintf("last: 5, before: %q", *page2.PageInfo.StartCursor))
	now := fetchPage(t, env, "partners", "first: 10")
	idx := slices.Index(now.ids(t), page2.ids(t)[0])
	if diff := cmp.Diff(now.ids(t)[idx-5:idx], back.ids(t)); diff != "" {
		t.Errorf("page before page 2 (-want +got):\n%s", diff)
	}
}

// TestConnectionArgumentErrors: bad paging arguments and cursors are
// BAD_USER_INPUT naming the argument, never an internal error, and cost no
// upstream call.
func TestConnectionArgumentErrors(t *testing.T) {
	env := newTestEnv(t)
	countries := fetchPage(t, env, "countries", "first: 1")
	byCity := fetchPage(t, env, "partners", "first: 1, orderBy: [{field: CITY}]")
	tests := []struct {
		name, args, arg string
	}{
		{"first over 200", "first: 201", "first"},
		{"negative first", "first: -1", "first"},
		{"negative last", "last: -3", "last"},
		{"first and last", "first: 2, last: 2", "last"},
		{"after with last", `last: 2, after: "x"`, "after"},
		{"before with first", `first: 2, before: "x"`, "before"},
		{"malformed cursor", `first: 2, after: "!!not a cursor!!"`, "after"},
		{"cursor of another list", fmt.Sprintf("first: 2, after: %q", *countries.PageInfo.EndCursor), "after"},
		{"cursor of another order", fmt.Sprintf("first: 2, before: %q", *byCity.PageInfo.EndCursor), "before"},
		{"after and before", fmt.Sprintf("after: %q, before: %q", *byCity.PageInfo.EndCursor, *byCity.PageInfo.EndCursor), "before"},
		{"a sort key twice", "first: 2, orderBy: [{field: NAME}, {field: NAME, direction: DESC}]", "orderBy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env.Sim.ResetCalls()
			res := env.post(t, env.key, request{Query: fmt.Sprintf(`{ partners(%s) { nodes { id } } }`, tt.args)})
			if res.Status != 200 || string(res.Data) != `{"partners":null}` {
				t.Errorf("status %d, data %s; want 200 with partners null", res.Status, res.Data)
			}
			errs := res.errorsAt("partners")
			if len(errs) != 1 || errs[0].code() != CodeBadUserInput {
				t.Fatalf("errors = %+v, want one BAD_USER_INPUT at partners", res.Errors)
			}
			details, _ := errs[0].Extensions["details"].(map[string]any)
			if _, ok := details[tt.arg]; !ok {
				t.Errorf("details %v do not name %s", details, tt.arg)
			}
			if n := env.upstreamCalls(); n != 0 {
				t.Errorf("%d upstream calls for a refused request", n)
			}
		})
	}
}

// TestTotalCountOnlyWhenSelected: counting costs Odoo a search_count, so it
// happens only when totalCount is selected.
func TestTotalCountOnlyWhenSelected(t *testing.T) {
	env := newTestEnv(t)
	first := fetchPage(t, env, "partners", "first: 2")
	after := fmt.Sprintf("first: 2, after: %q", *first.PageInfo.EndCursor)
	tests := []struct {
		name, args string
		total      bool
		wantCounts int
	}{
		{"first page without total", "first: 2", false, 0},
		{"first page with total", "first: 2", true, 0},
		{"after a cursor without total", after, false, 0},
		{"after a cursor with total", after, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env.Sim.ResetCalls()
			sel := "nodes { id }"
			if tt.total {
				sel += " totalCount"
			}
			var got struct{ Partners struct{ TotalCount *int } }
			env.query(t, fmt.Sprintf("{ partners(%s) { %s } }", tt.args, sel), &got)
			if n := len(env.Calls("res.partner", "search_count")); n != tt.wantCounts {
				t.Errorf("search_count calls = %d, want %d", n, tt.wantCounts)
			}
			reads := env.Calls("res.partner", "web_search_read")
			if len(reads) != 1 {
				t.Fatalf("web_search_read calls = %d", len(reads))
			}
			// count_limit 1 is how the service tells Odoo not to count.
			_, skipsCount := reads[0].Kwargs["count_limit"]
			if skipsCount == (tt.total && tt.wantCounts == 0) {
				t.Errorf("count_limit present = %v with totalCount selected = %v", skipsCount, tt.total)
			}
			if tt.total && (got.Partners.TotalCount == nil || *got.Partners.TotalCount < 200) {
				t.Errorf("totalCount = %v", got.Partners.TotalCount)
			}
		})
	}
}
