package props

import (
	"fmt"
	"math"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"paas.local/toolchain/providers/linode/internal/schema"
)

// Failure is a check failure on the property at path (e.g. "inbounds[0].label").
func Failure(path, format string, args ...any) p.CheckFailure {
	return p.CheckFailure{Property: path, Reason: fmt.Sprintf(format, args...)}
}

// WithDefaults sets the schema's defaults for unset inputs, as the bridge does at Check.
func WithDefaults(r schema.Resource, inputs property.Map) property.Map {
	for _, prop := range r.Inputs() {
		if v, ok := inputs.GetOk(prop.Name); (!ok || v.IsNull()) && prop.Default != nil {
			inputs = inputs.Set(prop.Name, Value(prop.Default))
		}
	}
	return inputs
}

// CheckTypes checks every known input against the schema: required inputs present, and each
// value of its type (nested objects included). Unknown values pass; they are checked when known.
func CheckTypes(r schema.Resource, inputs property.Map) []p.CheckFailure {
	return checkProps(r.Inputs(), inputs, "")
}

func checkProps(ps []schema.Prop, m property.Map, prefix string) []p.CheckFailure {
	var out []p.CheckFailure
	for _, prop := range ps {
		if !prop.Input {
			continue
		}
		path := prefix + prop.Name
		v, ok := m.GetOk(prop.Name)
		if !ok || v.IsNull() {
			if prop.Required {
				out = append(out, Failure(path, "Missing required argument. The argument %q is required, but no definition was found.", prop.Name))
			}
			continue
		}
		out = append(out, checkType(prop.Type, v, path)...)
	}
	return out
}

func checkType(t schema.Type, v property.Value, path string) []p.CheckFailure {
	if v.IsComputed() || v.IsNull() {
		return nil
	}
	switch t.Kind {
	case schema.String:
		if !v.IsString() {
			return []p.CheckFailure{Failure(path, "expected a string")}
		}
	case schema.Integer:
		if !v.IsNumber() || v.AsNumber() != math.Trunc(v.AsNumber()) {
			return []p.CheckFailure{Failure(path, "expected a whole number")}
		}
	case schema.Boolean:
		if !v.IsBool() {
			return []p.CheckFailure{Failure(path, "expected true or false")}
		}
	case schema.Array:
		if !v.IsArray() {
			return []p.CheckFailure{Failure(path, "expected a list")}
		}
		var out []p.CheckFailure
		for i, e := range v.AsArray().All {
			out = append(out, checkType(*t.Elem, e, fmt.Sprintf("%s[%d]", path, i))...)
		}
		return out
	case schema.Map:
		if !v.IsMap() {
			return []p.CheckFailure{Failure(path, "expected a map")}
		}
		var out []p.CheckFailure
		for k, e := range v.AsMap().All {
			out = append(out, checkType(*t.Elem, e, path+"."+k)...)
		}
		return out
	case schema.Object:
		if !v.IsMap() {
			return []p.CheckFailure{Failure(path, "expected an object")}
		}
		return checkProps(schema.Types[t.Ref].Props, v.AsMap(), path+".")
	}
	return nil
}

// Str is a known string input (ok false when unset or unknown).
func Str(m property.Map, key string) (string, bool) {
	v := m.Get(key)
	if v.IsString() {
		return v.AsString(), true
	}
	return "", false
}

// Int is a known whole-number input.
func Int(m property.Map, key string) (int, bool) {
	v := m.Get(key)
	if v.IsNumber() {
		return int(v.AsNumber()), true
	}
	return 0, false
}

// Bool is a known boolean input.
func Bool(m property.Map, key string) (bool, bool) {
	v := m.Get(key)
	if v.IsBool() {
		return v.AsBool(), true
	}
	return false, false
}

// Strings is a known list of strings (unknown elements left out).
func Strings(m property.Map, key string) ([]string, bool) {
	v := m.Get(key)
	if !v.IsArray() {
		return nil, false
	}
	var out []string
	for _, e := range v.AsArray().All {
		if e.IsString() {
			out = append(out, e.AsString())
		}
	}
	return out, true
}
