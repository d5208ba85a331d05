package schema

import (
	"encoding/json"
	"sort"
	"strings"
)

// JSON is the package schema GetSchema returns.
func JSON(version string) string {
	b, err := json.Marshal(spec(version))
	if err != nil {
		panic(err) // the tables are static: a failure here is a bug in them
	}
	return string(b)
}

type jsonObj = map[string]any

func typeJSON(t Type) jsonObj {
	switch t.Kind {
	case String:
		return jsonObj{"type": "string"}
	case Integer:
		return jsonObj{"type": "integer"}
	case Boolean:
		return jsonObj{"type": "boolean"}
	case Array:
		return jsonObj{"type": "array", "items": typeJSON(*t.Elem)}
	case Map:
		return jsonObj{"type": "object", "additionalProperties": typeJSON(*t.Elem)}
	default:
		return jsonObj{"$ref": "#/types/" + TypeToken(t.Ref)}
	}
}

// TypeToken is the schema token of a named object type, as the bridged schema names them.
func TypeToken(name string) string { return "linode:index/" + name + ":" + name }

func propJSON(p Prop) jsonObj {
	o := typeJSON(p.Type)
	if p.Doc != "" {
		o["description"] = p.Doc
	}
	if p.Secret {
		o["secret"] = true
	}
	if p.Replace {
		o["willReplaceOnChanges"] = true
	}
	if p.Default != nil {
		o["default"] = p.Default
	}
	return o
}

func props(ps []Prop, keep func(Prop) bool) (jsonObj, []string) {
	out := jsonObj{}
	var names []string
	for _, p := range ps {
		if keep(p) {
			out[p.Name] = propJSON(p)
			names = append(names, p.Name)
		}
	}
	sort.Strings(names)
	return out, names
}

func names(ps []Prop, keep func(Prop) bool) []string {
	var out []string
	for _, p := range ps {
		if keep(p) {
			out = append(out, p.Name)
		}
	}
	sort.Strings(out)
	return out
}

var (
	all      = func(Prop) bool { return true }
	isInput  = func(p Prop) bool { return p.Input }
	required = func(p Prop) bool { return p.Required }
	always   = func(p Prop) bool { return p.Output || p.Required }
)

func resourceJSON(r Resource) jsonObj {
	properties, _ := props(r.Props, all)
	inputs, _ := props(r.Props, isInput)
	state, _ := props(r.Props, all)
	return jsonObj{
		"description":     r.Doc,
		"properties":      properties,
		"required":        names(r.Props, always),
		"inputProperties": inputs,
		"requiredInputs":  names(r.Props, required),
		"stateInputs":     jsonObj{"description": "Input properties used for looking up and filtering " + r.Token + " resources.", "properties": state, "type": "object"},
	}
}

func functionJSON(f Resource) jsonObj {
	inputs, _ := props(f.Props, isInput)
	outputs, _ := props(f.Props, all)
	return jsonObj{
		"description": f.Doc,
		"inputs":      jsonObj{"type": "object", "properties": inputs, "required": names(f.Props, required)},
		"outputs":     jsonObj{"type": "object", "properties": outputs, "required": names(f.Props, always)},
	}
}

func spec(version string) jsonObj {
	resources := jsonObj{}
	for _, r := range Resources {
		resources[r.Token] = resourceJSON(r)
	}
	functions := jsonObj{}
	for _, f := range Functions {
		functions[f.Token] = functionJSON(f)
	}
	types := jsonObj{}
	for name, o := range Types {
		properties, _ := props(o.Props, all)
		t := jsonObj{"type": "object", "description": o.Doc, "properties": properties}
		if req := names(o.Props, required); len(req) > 0 {
			t["required"] = req
		}
		if outs := names(o.Props, always); len(outs) > 0 {
			t["language"] = jsonObj{"nodejs": jsonObj{"requiredOutputs": outs}}
		}
		types[TypeToken(name)] = t
	}
	config, _ := props(Provider.Props, all)
	provider, _ := props(Provider.Props, all)
	return jsonObj{
		"name":        "linode",
		"displayName": "Linode",
		"version":     strings.TrimPrefix(version, "v"),
		"description": "Linode instances, firewalls and DNS, on Linode's API v4.",
		"repository":  "https://github.com/pulumi/pulumi-linode",
		"config":      jsonObj{"variables": config},
		"provider": jsonObj{
			"description":     Provider.Doc,
			"properties":      provider,
			"inputProperties": provider,
		},
		"resources": resources,
		"functions": functions,
		"types":     types,
		"language": jsonObj{
			"nodejs": jsonObj{"packageName": "@pulumi/linode"},
		},
	}
}
