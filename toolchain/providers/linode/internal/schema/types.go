// Package schema describes, as data, the part of @pulumi/linode 5.1.1's schema this plugin
// implements. The same tables drive GetSchema, input checks, diffs and preview outputs.
package schema

// Kind is a property's schema type.
type Kind int

const (
	String Kind = iota
	Integer
	Boolean
	Array
	Map    // a map of strings
	Object // a named object type
)

// Type is a property type: a kind, the element type of arrays and maps, the object's name.
type Type struct {
	Kind Kind
	Elem *Type
	Ref  string // for Object: the object type's name, e.g. "InstanceAlerts"
}

var (
	Str  = Type{Kind: String}
	Int  = Type{Kind: Integer}
	Bool = Type{Kind: Boolean}
)

// List is an array of T.
func List(t Type) Type { return Type{Kind: Array, Elem: &t} }

// StrMap is a map of strings.
var StrMap = Type{Kind: Map, Elem: &Str}

// Obj is a reference to a named object type.
func Obj(name string) Type { return Type{Kind: Object, Ref: name} }

// Prop is one property of a resource, function or object type.
type Prop struct {
	Name string
	Type Type
	Doc  string
	// Input: the property can be set by the program.
	Input bool
	// Required: an input the program must set.
	Required bool
	// Output: always present in the outputs (a required output).
	Output bool
	Secret bool
	// Replace: a change replaces the resource.
	Replace bool
	// Default: the value Check fills in when the input is unset.
	Default any
	// Set: a list whose order does not matter (TF sets).
	Set bool
	// FoldCase: with Set, elements compare case-insensitively.
	FoldCase bool
}

// ObjectType is a named nested type.
type ObjectType struct {
	Name  string
	Doc   string
	Props []Prop
}

// Resource is a resource (or function) with the object types its properties use.
type Resource struct {
	Token string
	Doc   string
	Props []Prop
}

// Prop returns the property named name, or nil.
func (r Resource) Prop(name string) *Prop { return find(r.Props, name) }

// Prop returns the property named name, or nil.
func (o ObjectType) Prop(name string) *Prop { return find(o.Props, name) }

func find(props []Prop, name string) *Prop {
	for i := range props {
		if props[i].Name == name {
			return &props[i]
		}
	}
	return nil
}

// Inputs are the properties the program can set.
func (r Resource) Inputs() []Prop {
	var out []Prop
	for _, p := range r.Props {
		if p.Input {
			out = append(out, p)
		}
	}
	return out
}

// Flag helpers keep the tables short: in(p) marks an input, req(p) a required one, and so on.
func in(name string, t Type, doc string) Prop {
	return Prop{Name: name, Type: t, Doc: doc, Input: true}
}
func out(name string, t Type, doc string) Prop {
	return Prop{Name: name, Type: t, Doc: doc, Output: true}
}

func (p Prop) req() Prop      { p.Required = true; p.Output = true; return p }
func (p Prop) always() Prop   { p.Output = true; return p }
func (p Prop) secret() Prop   { p.Secret = true; return p }
func (p Prop) replace() Prop  { p.Replace = true; return p }
func (p Prop) set() Prop      { p.Set = true; return p }
func (p Prop) foldCase() Prop { p.Set = true; p.FoldCase = true; return p }
func (p Prop) def(v any) Prop { p.Default = v; return p }
