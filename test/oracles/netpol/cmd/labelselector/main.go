// Reads metav1.LabelSelector values as JSON lines and writes, for each, the error
// metav1.LabelSelectorAsSelector returns ({"error": ...}) or the selector's String() ({"text": ...}),
// with the apimachinery version kube-linter builds with. Used by test/oracles/label-selector.oracle.test.ts.
package main

import (
	"bufio"
	"encoding/json"
	"os"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

type answer struct {
	Error *string `json:"error,omitempty"`
	Text  *string `json:"text,omitempty"`
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<26)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	encoder := json.NewEncoder(out)
	for in.Scan() {
		var selector metav1.LabelSelector
		if err := json.Unmarshal(in.Bytes(), &selector); err != nil {
			panic(err)
		}
		parsed, err := metav1.LabelSelectorAsSelector(&selector)
		if err != nil {
			message := err.Error()
			_ = encoder.Encode(answer{Error: &message})
			continue
		}
		text := parsed.String()
		_ = encoder.Encode(answer{Text: &text})
	}
	if err := in.Err(); err != nil {
		panic(err)
	}
}
