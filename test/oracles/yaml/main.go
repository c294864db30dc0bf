// Command yaml-oracle reads YAML documents as the Kubernetes API server does, with
// sigs.k8s.io/yaml (go-yaml v2 underneath), for the differential test in
// ../yaml-aliases.oracle.test.ts and ../yaml-tags.oracle.test.ts. Input, one JSON line each:
// {"yaml": "<one YAML document>"}. Output, one JSON line each: {"error": "<what YAMLToJSON said>"},
// or {"json": <the document as JSON>} when it read the document.
package main

import (
	"bufio"
	"encoding/json"
	"os"

	"sigs.k8s.io/yaml"
)

type input struct {
	YAML string `json:"yaml"`
}

type output struct {
	Error string          `json:"error,omitempty"`
	JSON  json.RawMessage `json:"json,omitempty"`
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<30)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	encoder := json.NewEncoder(out)
	for in.Scan() {
		var doc input
		if err := json.Unmarshal(in.Bytes(), &doc); err != nil {
			panic(err)
		}
		var answer output
		if converted, err := yaml.YAMLToJSON([]byte(doc.YAML)); err != nil {
			answer.Error = err.Error()
		} else {
			answer.JSON = converted
		}
		if err := encoder.Encode(answer); err != nil {
			panic(err)
		}
	}
	if err := in.Err(); err != nil {
		panic(err)
	}
}
