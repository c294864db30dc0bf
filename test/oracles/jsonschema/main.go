// Differential oracle for src/custom-rules/json-schema.ts: validates documents with
// github.com/qri-io/jsonschema (draft 2019-09), the JSON Schema library Polaris checks its custom
// checks with, extended with the keywords Polaris adds: resourceMinimum and resourceMaximum compare
// a string Kubernetes quantity with a bound (k8s.io/apimachinery resource.Quantity), and fail a
// value that is no quantity string.
//
// Input: one JSON case per line, {"schema": {...}, "document": ...}.
// Output: one line per case, {"valid": true|false}, or {"error": "..."} for a schema it refuses.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"

	jptr "github.com/qri-io/jsonpointer"
	"github.com/qri-io/jsonschema"
	"k8s.io/apimachinery/pkg/api/resource"
)

// quantityBound is resourceMinimum (minimum true) or resourceMaximum.
type quantityBound struct {
	limit   string
	minimum bool
}

func (b *quantityBound) UnmarshalJSON(data []byte) error { return json.Unmarshal(data, &b.limit) }

func (b *quantityBound) Register(uri string, registry *jsonschema.SchemaRegistry) {}

func (b *quantityBound) Resolve(pointer jptr.Pointer, uri string) *jsonschema.Schema { return nil }

func (b *quantityBound) ValidateKeyword(ctx context.Context, state *jsonschema.ValidationState, data interface{}) {
	limit, err := resource.ParseQuantity(b.limit)
	if err != nil {
		state.AddError(data, "bad bound")
		return
	}
	text, ok := data.(string)
	if !ok {
		state.AddError(data, "not a string")
		return
	}
	amount, err := resource.ParseQuantity(text)
	if err != nil {
		state.AddError(data, "not a quantity")
		return
	}
	cmp := limit.Cmp(amount)
	if (b.minimum && cmp == 1) || (!b.minimum && cmp == -1) {
		state.AddError(data, "out of range")
	}
}

type testCase struct {
	Schema   json.RawMessage `json:"schema"`
	Document json.RawMessage `json:"document"`
}

type answer struct {
	Valid *bool  `json:"valid,omitempty"`
	Error string `json:"error,omitempty"`
}

func check(c testCase) (a answer) {
	defer func() {
		if r := recover(); r != nil {
			a = answer{Error: fmt.Sprint("panic: ", r)}
		}
	}()
	schema := &jsonschema.Schema{}
	if err := json.Unmarshal(c.Schema, schema); err != nil {
		return answer{Error: err.Error()}
	}
	errs, err := schema.ValidateBytes(context.Background(), c.Document)
	if err != nil {
		return answer{Error: err.Error()}
	}
	valid := len(errs) == 0
	return answer{Valid: &valid}
}

func main() {
	jsonschema.LoadDraft2019_09()
	jsonschema.RegisterKeyword("resourceMinimum", func() jsonschema.Keyword { return &quantityBound{minimum: true} })
	jsonschema.RegisterKeyword("resourceMaximum", func() jsonschema.Keyword { return &quantityBound{} })
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<30)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		var c testCase
		if err := json.Unmarshal(in.Bytes(), &c); err != nil {
			fmt.Fprintln(os.Stderr, "bad case:", err)
			os.Exit(2)
		}
		line, _ := json.Marshal(check(c))
		out.Write(line)
		out.WriteByte('\n')
	}
}
