package props

import (
	"sort"
	"strings"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"paas.local/toolchain/providers/linode/internal/schema"
)

// Same reports whether two values are equal for a property: sets ignore order (and case,
// with FoldCase); an unknown new value is never the same.
func Same(prop schema.Prop, old, new property.Value) bool {
	if new.HasComputed() {
		return false
	}
	if prop.Set && old.IsArray() && new.IsArray() {
		return sameSet(old.AsArray(), new.AsArray(), prop.FoldCase)
	}
	return Plainly(old).Equals(Plainly(new))
}

// Plainly drops secrecy and dependencies, so that equality compares values only.
func Plainly(v property.Value) property.Value { return Value(Plain(v)) }

func sameSet(a, b property.Array, fold bool) bool {
	key := func(v property.Value) string {
		s := v.GoString()
		if v.IsString() {
			s = v.AsString()
			if fold {
				s = strings.ToLower(s)
			}
		}
		return s
	}
	keys := func(arr property.Array) []string {
		var out []string
		seen := map[string]bool{}
		for _, v := range arr.All {
			if k := key(Plainly(v)); !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
		sort.Strings(out)
		return out
	}
	ka, kb := keys(a), keys(b)
	if len(ka) != len(kb) {
		return false
	}
	for i := range ka {
		if ka[i] != kb[i] {
			return false
		}
	}
	return true
}

// Diff compares old and new inputs property by property as TF plans them: an optional and
// computed input left unset keeps its value (no diff); a change to a Replace input replaces.
// replaceAlso names further properties whose change replaces (found by the resource itself).
func Diff(r schema.Resource, olds, news property.Map, ignore []string) p.DiffResponse {
	ignored := map[string]bool{}
	for _, k := range ignore {
		ignored[k] = true
	}
	detailed := map[string]p.PropertyDiff{}
	for _, prop := range r.Inputs() {
		if ignored[prop.Name] {
			continue
		}
		old, hadOld := olds.GetOk(prop.Name)
		hadOld = hadOld && !empty(old)
		new, hasNew := news.GetOk(prop.Name)
		hasNew = hasNew && !empty(new)
		var kind p.DiffKind
		switch {
		case !hadOld && !hasNew:
			continue
		case !hasNew:
			if prop.Output {
				continue // optional + computed: the stored value stays
			}
			kind = p.Delete
		case !hadOld:
			kind = p.Add
		case Same(prop, old, new):
			continue
		default:
			kind = p.Update
		}
		if prop.Replace {
			kind = replaced(kind)
		}
		detailed[prop.Name] = p.PropertyDiff{Kind: kind, InputDiff: true}
	}
	return p.DiffResponse{HasChanges: len(detailed) > 0, DetailedDiff: detailed}
}

func replaced(k p.DiffKind) p.DiffKind {
	switch k {
	case p.Add:
		return p.AddReplace
	case p.Delete:
		return p.DeleteReplace
	default:
		return p.UpdateReplace
	}
}

// MarkReplace turns the diff of key into a replacement (adding it when it is missing).
func MarkReplace(d *p.DiffResponse, key string) {
	k, ok := d.DetailedDiff[key]
	if !ok {
		k = p.PropertyDiff{Kind: p.Update, InputDiff: true}
	}
	k.Kind = replaced(k.Kind)
	d.DetailedDiff[key] = k
	d.HasChanges = true
}

// Replaces reports whether the diff replaces the resource.
func Replaces(d p.DiffResponse) bool {
	for _, k := range d.DetailedDiff {
		switch k.Kind {
		case p.AddReplace, p.UpdateReplace, p.DeleteReplace:
			return true
		}
	}
	return false
}

// empty: null, or an empty list (TF plans an empty list as no list).
func empty(v property.Value) bool {
	return v.IsNull() || (v.IsArray() && v.AsArray().Len() == 0)
}
