// Differential oracle for Rampart's path globs: reads JSON lines {"pattern", "path"} and prints
// one JSON line each with doublestar's verdict (doublestar.PathMatch, as kube-linter's
// ignorePaths use it), or the error for a pattern it refuses.
package main

import (
	"bufio"
	"encoding/json"
	"os"

	"github.com/bmatcuk/doublestar/v4"
)

type input struct {
	Pattern string `json:"pattern"`
	Path    string `json:"path"`
}

type output struct {
	Match bool   `json:"match"`
	Error string `json:"error,omitempty"`
}

func main() {
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	encoder := json.NewEncoder(out)
	for scanner.Scan() {
		var in input
		if err := json.Unmarshal(scanner.Bytes(), &in); err != nil {
			_ = encoder.Encode(output{Error: err.Error()})
			continue
		}
		match, err := doublestar.PathMatch(in.Pattern, in.Path)
		result := output{Match: match}
		if err != nil {
			result.Error = err.Error()
		}
		_ = encoder.Encode(result)
	}
}
