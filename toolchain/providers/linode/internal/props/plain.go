// Package props converts between the engine's property values and plain Go values, and holds
// the small helpers every resource uses on them.
package props

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Unknown stands for a value the engine does not know yet (a preview).
type unknown struct{}

// Unknown is the plain form of a computed value.
var Unknown = unknown{}

// Plain turns a value into nil, bool, float64, string, []any or map[string]any, dropping
// secrecy; an unknown becomes Unknown.
func Plain(v property.Value) any {
	switch {
	case v.IsComputed():
		return Unknown
	case v.IsNull():
		return nil
	case v.IsBool():
		return v.AsBool()
	case v.IsNumber():
		return v.AsNumber()
	case v.IsString():
		return v.AsString()
	case v.IsArray():
		out := make([]any, 0, v.AsArray().Len())
		for _, e := range v.AsArray().All {
			out = append(out, Plain(e))
		}
		return out
	case v.IsMap():
		return PlainMap(v.AsMap())
	}
	return nil
}

// PlainMap is Plain for a whole map.
func PlainMap(m property.Map) map[string]any {
	out := map[string]any{}
	for k, e := range m.All {
		if !e.IsNull() {
			out[k] = Plain(e)
		}
	}
	return out
}

// Value turns a plain Go value (as Plain gives, or ints, string slices, structs decoded from
// JSON) into a property value.
func Value(x any) property.Value {
	switch x := x.(type) {
	case nil:
		return property.Value{}
	case property.Value:
		return x
	case unknown:
		return property.New(property.Computed)
	case bool:
		return property.New(x)
	case int:
		return property.New(float64(x))
	case int64:
		return property.New(float64(x))
	case float64:
		return property.New(x)
	case string:
		return property.New(x)
	case []string:
		out := make([]property.Value, len(x))
		for i, s := range x {
			out[i] = property.New(s)
		}
		return property.New(out)
	case []int:
		out := make([]property.Value, len(x))
		for i, n := range x {
			out[i] = property.New(float64(n))
		}
		return property.New(out)
	case []any:
		out := make([]property.Value, len(x))
		for i, e := range x {
			out[i] = Value(e)
		}
		return property.New(out)
	case []map[string]any:
		out := make([]property.Value, len(x))
		for i, e := range x {
			out[i] = Value(e)
		}
		return property.New(out)
	case map[string]string:
		out := map[string]property.Value{}
		for k, s := range x {
			out[k] = property.New(s)
		}
		return property.New(out)
	case map[string]any:
		return property.New(MapOf(x))
	}
	panic(fmt.Sprintf("props.Value: unsupported %T", x))
}

// MapOf is Value for a map, as a property map; nil entries are left out.
func MapOf(x map[string]any) property.Map {
	out := map[string]property.Value{}
	for k, e := range x {
		if e != nil {
			out[k] = Value(e)
		}
	}
	return property.NewMap(out)
}

// Decode fills dst (a struct with json tags named like the schema's properties) from a map
// of known values.
func Decode(m property.Map, dst any) error {
	b, err := json.Marshal(PlainMap(m))
	if err != nil {
		return err
	}
	return json.Unmarshal(b, dst)
}

// Keys are a map's keys, sorted.
func Keys(m property.Map) []string {
	var out []string
	for k := range m.All {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// NonNil is s, or an empty list for nil, so that an output list is [] rather than null.
func NonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
