// Command gen writes src/custom-rules/cel/go-types.generated.ts: the JSON shape, as encoding/json
// sees it, of every type the client-go scheme decodes, for src/custom-rules/cel/go-json.ts.
//
//	cd test/oracles/go-json && go run ./cmd/gen > ../../../src/custom-rules/cel/go-types.generated.ts
//
// A shape is a string:
//
//	s string   b bool   i int32   l int64 (or int)   f float64
//	*X pointer to X   [X slice of X   {X map from string to X
//	Q resource.Quantity   N intstr.IntOrString   T metav1.Time   M metav1.MicroTime
//	R runtime.RawExtension or metav1.FieldsV1 (raw JSON, null when empty)
//	B []byte (base64)
//	@Name a struct, by its name in GO_STRUCTS (OpenAPI style: io.k8s.api.core.v1.Container)
//
// A struct is a list of fields "name:shape" joined by ",", in encoding/json's order, with embedded
// structs flattened; a name followed by "?" is omitempty, by "!" omitzero. Structs of the same
// shape are listed once. A kind whose struct is preceded by "-" has no object metadata. A type with
// its own JSON methods that is not in the list above, a tag option go-json.ts does not implement
// (string, omitzero on a struct), a map key that is not a string or colliding field names stop the
// generator, so that an upgrade cannot go wrong silently.
package main

import (
	"encoding"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/scheme"
)

var (
	jsonMarshaler   = reflect.TypeFor[json.Marshaler]()
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textMarshaler   = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// Types with their own JSON methods, by package path and name.
var special = map[string]string{
	"k8s.io/apimachinery/pkg/api/resource.Quantity":   "Q",
	"k8s.io/apimachinery/pkg/util/intstr.IntOrString": "N",
	"k8s.io/apimachinery/pkg/apis/meta/v1.Time":       "T",
	"k8s.io/apimachinery/pkg/apis/meta/v1.MicroTime":  "M",
	"k8s.io/apimachinery/pkg/apis/meta/v1.Duration":   "D",
	"k8s.io/apimachinery/pkg/runtime.RawExtension":    "R",
	"k8s.io/apimachinery/pkg/apis/meta/v1.FieldsV1":   "R",
}

var (
	structs = map[string]string{}       // name -> fields
	pending = map[reflect.Type]string{} // struct types being described (recursion)
)

func hasCustomJSON(t reflect.Type) bool {
	for _, x := range []reflect.Type{t, reflect.PointerTo(t)} {
		if x.Implements(jsonMarshaler) || x.Implements(jsonUnmarshaler) || x.Implements(textMarshaler) || x.Implements(textUnmarshaler) {
			return true
		}
	}
	return false
}

// typeName is the OpenAPI-style name of a named type: k8s.io/api/core/v1.Container becomes
// io.k8s.api.core.v1.Container.
func typeName(t reflect.Type) string {
	path := t.PkgPath()
	host, rest, _ := strings.Cut(path, "/")
	parts := strings.Split(host, ".")
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, ".") + "." + strings.ReplaceAll(rest, "/", ".") + "." + t.Name()
}

func shape(t reflect.Type) string {
	if t.Name() != "" && t.PkgPath() != "" {
		if code, ok := special[t.PkgPath()+"."+t.Name()]; ok {
			return code
		}
	}
	if t.Kind() != reflect.Pointer && hasCustomJSON(t) {
		panic(fmt.Sprintf("%v has its own JSON methods; add it to the generator and to go-json.ts", t))
	}
	switch t.Kind() {
	case reflect.String:
		return "s"
	case reflect.Bool:
		return "b"
	case reflect.Int32:
		return "i"
	case reflect.Int64, reflect.Int:
		return "l"
	case reflect.Float64:
		return "f"
	case reflect.Pointer:
		return "*" + shape(t.Elem())
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 && !hasCustomJSON(t.Elem()) {
			return "B"
		}
		return "[" + shape(t.Elem())
	case reflect.Map:
		if t.Key().Kind() != reflect.String || hasCustomJSON(t.Key()) {
			panic(fmt.Sprintf("map key of %v is not a plain string", t))
		}
		return "{" + shape(t.Elem())
	case reflect.Struct:
		if t.Name() == "" {
			panic(fmt.Sprintf("anonymous struct %v", t))
		}
		name := typeName(t)
		if _, done := structs[name]; done {
			return "@" + name
		}
		if _, busy := pending[t]; busy {
			return "@" + name
		}
		pending[t] = name
		structs[name] = describe(t)
		delete(pending, t)
		return "@" + name
	}
	panic(fmt.Sprintf("unsupported kind %v of %v", t.Kind(), t))
}

type field struct {
	name      string
	omitEmpty bool
	omitZero  bool
	typ       reflect.Type
}

// fields lists the JSON fields of a struct in encoding/json's order: exported fields, with the
// fields of an embedded struct without a tag name in its place. encoding/json drops or ranks
// names that collide; no API type has such names, and the generator stops if one does.
func fields(t reflect.Type) []field {
	var out []field
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" || (!sf.IsExported() && !(sf.Anonymous && sf.Type.Kind() == reflect.Struct)) {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		omitEmpty, omitZero := false, false
		for _, opt := range strings.Split(opts, ",") {
			switch opt {
			case "", "inline":
			case "omitempty":
				omitEmpty = true
			case "omitzero":
				// go-json.ts knows the zero value of these only; other struct types would need theirs.
				if code := shape(sf.Type); !strings.ContainsAny(code[:1], "sbilfT*[{M") {
					panic(fmt.Sprintf("omitzero on %v.%s of type %v", t, sf.Name, sf.Type))
				}
				omitZero = true
			default:
				panic(fmt.Sprintf("json tag option %q on %v.%s", opt, t, sf.Name))
			}
		}
		ft := sf.Type
		if sf.Anonymous && name == "" {
			if ft.Kind() == reflect.Pointer {
				panic(fmt.Sprintf("embedded pointer %v in %v", ft, t))
			}
			if ft.Kind() == reflect.Struct {
				if hasCustomJSON(ft) {
					panic(fmt.Sprintf("embedded %v in %v has its own JSON methods", ft, t))
				}
				out = append(out, fields(ft)...)
				continue
			}
		}
		if name == "" {
			name = sf.Name
		}
		out = append(out, field{name: name, omitEmpty: omitEmpty, omitZero: omitZero, typ: ft})
	}
	seen := map[string]bool{}
	for _, f := range out {
		if seen[f.name] {
			panic(fmt.Sprintf("field name %q twice in %v", f.name, t))
		}
		seen[f.name] = true
	}
	return out
}

func describe(t reflect.Type) string {
	var parts []string
	for _, f := range fields(t) {
		if strings.ContainsAny(f.name, ",:?!") {
			panic(fmt.Sprintf("field name %q of %v", f.name, t))
		}
		name := f.name
		if f.omitEmpty {
			name += "?"
		}
		if f.omitZero {
			name += "!"
		}
		parts = append(parts, name+":"+shape(f.typ))
	}
	return strings.Join(parts, ",")
}

func main() {
	kinds, unversioned := map[string]string{}, map[string]string{}
	for gvk, t := range scheme.Scheme.AllKnownTypes() {
		if gvk.Version == "__internal" {
			continue
		}
		if meta.IsListType(reflect.New(t).Interface().(runtime.Object)) {
			continue
		}
		name := shape(t)[1:]
		// kube-linter refuses an object without object metadata (its k8sutil.Object).
		if _, ok := reflect.New(t).Interface().(metav1.Object); !ok {
			name = "-" + name
		}
		kinds[gvk.GroupVersion().String()+" "+gvk.Kind] = name
		// Scheme.New finds an unversioned kind (Status, APIVersions, ...) under any apiVersion.
		if u, _ := scheme.Scheme.IsUnversioned(reflect.New(t).Interface().(runtime.Object)); u {
			unversioned[gvk.Kind] = name
		}
	}
	rep := dedupe()
	for _, m := range []map[string]string{kinds, unversioned} {
		for key, name := range m {
			if strings.HasPrefix(name, "-") {
				m[key] = "-" + rep[name[1:]]
			} else {
				m[key] = rep[name]
			}
		}
	}
	out, err := os.Stdout, error(nil)
	w := func(format string, args ...any) {
		if _, e := fmt.Fprintf(out, format, args...); e != nil && err == nil {
			err = e
		}
	}
	w("// Generated by test/oracles/go-json/cmd/gen from k8s.io/client-go v0.37.2's scheme; do not edit.\n")
	w("// Regenerate: cd test/oracles/go-json && go run ./cmd/gen > ../../../src/custom-rules/cel/go-types.generated.ts\n")
	w("// The shape syntax is described in test/oracles/go-json/cmd/gen/main.go.\n\n")
	w("/**\n * Each struct's JSON fields, \"name:shape\" joined by \",\" (\"name?\" when omitempty, \"name!\" when\n")
	w(" * omitzero). Structs of the same JSON shape (mostly one type in several API versions) are listed\n")
	w(" * once, under the first of their names.\n */\n")
	w("export const GO_STRUCTS: Readonly<Record<string, string>> = {\n")
	for _, name := range sortedKeys(structs) {
		if rep[name] == name {
			w("  %s: %s,\n", quote(name), quote(refs.ReplaceAllStringFunc(structs[name], func(ref string) string { return "@" + rep[ref[1:]] })))
		}
	}
	// Kinds registered alike in every group version (the option kinds and WatchEvent) are listed once.
	versions, byKind := map[string]bool{}, map[string]map[string]string{}
	for key, name := range kinds {
		gv, kind, _ := strings.Cut(key, " ")
		versions[gv] = true
		if byKind[kind] == nil {
			byKind[kind] = map[string]string{}
		}
		byKind[kind][gv] = name
	}
	everywhere := map[string]string{}
	for kind, targets := range byKind {
		names := map[string]bool{}
		for _, name := range targets {
			names[name] = true
		}
		if len(targets) == len(versions) && len(names) == 1 {
			for gv, name := range targets {
				everywhere[kind] = name
				delete(kinds, gv+" "+kind)
			}
		}
	}
	w("};\n\n/** The struct of each \"apiVersion kind\" the scheme decodes (\"-\" first: no object metadata). */\n")
	w("export const GO_KINDS: Readonly<Record<string, string>> = {\n")
	for _, key := range sortedKeys(kinds) {
		w("  %s: %s,\n", quote(key), quote(kinds[key]))
	}
	w("};\n\n/** Every apiVersion of the scheme. */\nexport const GO_API_VERSIONS: readonly string[] = [\n")
	for _, gv := range sortedKeys(versions) {
		w("  %s,\n", quote(gv))
	}
	w("];\n\n/** Kinds every apiVersion of the scheme registers, with their struct. */\n")
	w("export const GO_KINDS_OF_EVERY_VERSION: Readonly<Record<string, string>> = {\n")
	for _, kind := range sortedKeys(everywhere) {
		w("  %s: %s,\n", quote(kind), quote(everywhere[kind]))
	}
	w("};\n\n/** Unversioned kinds, which the scheme decodes under any apiVersion. */\n")
	w("export const GO_UNVERSIONED_KINDS: Readonly<Record<string, string>> = {\n")
	for _, kind := range sortedKeys(unversioned) {
		w("  %s: %s,\n", quote(kind), quote(unversioned[kind]))
	}
	w("};\n")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

var refs = regexp.MustCompile(`@[A-Za-z0-9.]+`)

// dedupe maps each struct name to the first name of its class of structs with the same JSON shape
// (partition refinement: the types may be recursive).
func dedupe() map[string]string {
	class := map[string]string{}
	for name, desc := range structs {
		class[name] = refs.ReplaceAllString(desc, "@")
	}
	for count := -1; ; {
		ids, next := map[string]string{}, map[string]string{}
		for name, desc := range structs {
			sig := class[name]
			for _, ref := range refs.FindAllString(desc, -1) {
				sig += "\x00" + class[ref[1:]]
			}
			if _, ok := ids[sig]; !ok {
				ids[sig] = fmt.Sprint(len(ids))
			}
			next[name] = ids[sig]
		}
		class = next
		if len(ids) == count {
			break
		}
		count = len(ids)
	}
	first := map[string]string{}
	for _, name := range sortedKeys(structs) {
		if _, ok := first[class[name]]; !ok {
			first[class[name]] = name
		}
	}
	rep := map[string]string{}
	for name := range structs {
		rep[name] = first[class[name]]
	}
	return rep
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return strings.ReplaceAll(string(b), "'", "\\'")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
