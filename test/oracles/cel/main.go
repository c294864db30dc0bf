// Differential oracle for src/custom-rules/cel/evaluate.ts: evaluates CEL expressions as
// kube-linter's cel-expression template does (pkg/templates/cel/template.go): cel-go's standard
// environment with `object` (map(string, dyn)) and `objects` (list(map(string, dyn))), Compile
// (parse and type-check), Program, Eval, and a result that must be a string.
//
// Input: one JSON case per line, {"expression": "...", "object": {...}, "objects": [{...}]}, decoded
// with encoding/json into map[string]any (numbers are float64), as kube-linter's maps are.
// Output: one line per case, {"message": "..."}, or {"error": "...", "stage": "compile"|"eval"|"type"}
// (compile: a parse or type-check issue; eval: Program or Eval failed; type: not a string).
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"github.com/google/cel-go/cel"
)

type testCase struct {
	Expression string           `json:"expression"`
	Object     map[string]any   `json:"object"`
	Objects    []map[string]any `json:"objects"`
}

type answer struct {
	Message *string `json:"message,omitempty"`
	Error   string  `json:"error,omitempty"`
	Stage   string  `json:"stage,omitempty"`
}

type compiled struct {
	program cel.Program
	answer  *answer // set when the expression does not compile
}

func main() {
	env, err := cel.NewEnv(
		cel.Variable("object", cel.MapType(cel.StringType, cel.AnyType)),
		cel.Variable("objects", cel.ListType(cel.MapType(cel.StringType, cel.AnyType))),
	)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	// kube-linter compiles on every call; compiling once per expression gives the same program.
	cache := map[string]compiled{}
	compile := func(expression string) compiled {
		if c, ok := cache[expression]; ok {
			return c
		}
		var c compiled
		ast, iss := env.Compile(expression)
		if iss.Err() != nil {
			c.answer = &answer{Error: iss.Err().Error(), Stage: "compile"}
		} else if prg, err := env.Program(ast); err != nil {
			c.answer = &answer{Error: err.Error(), Stage: "eval"}
		} else {
			c.program = prg
		}
		cache[expression] = c
		return c
	}

	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<30)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	encoder := json.NewEncoder(out)
	for in.Scan() {
		var c testCase
		if err := json.Unmarshal(in.Bytes(), &c); err != nil {
			fmt.Fprintln(os.Stderr, "bad input line:", err)
			os.Exit(2)
		}
		if c.Objects == nil {
			c.Objects = []map[string]any{}
		}
		if err := encoder.Encode(evaluate(compile(c.Expression), c)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}

func evaluate(program compiled, c testCase) answer {
	if program.answer != nil {
		return *program.answer
	}
	out, _, err := program.program.Eval(map[string]any{"object": c.Object, "objects": c.Objects})
	if err != nil {
		return answer{Error: err.Error(), Stage: "eval"}
	}
	text, ok := out.Value().(string)
	if !ok {
		return answer{Error: fmt.Sprintf("expected string, got %v", out.Value()), Stage: "type"}
	}
	return answer{Message: &text}
}
