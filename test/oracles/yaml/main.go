// Command yaml-oracle reads YAML as the Kubernetes API server and kubectl do, for the
// differential tests in ../yaml-*.oracle.test.ts. Input, one JSON line each:
//   - {"yaml": "<one YAML document>"}: read with sigs.k8s.io/yaml (go-yaml v2 underneath);
//     output {"error": "<what YAMLToJSON said>"}, or {"json": <the document as JSON>};
//   - {"stream": "<a file's text>"}: read as kubectl reads a manifest file, with apimachinery's
//     YAMLOrJSONDecoder (a YAML stream, or a stream of JSON objects), skipping empty and null
//     documents as kubectl does; output {"documents": [<each as JSON>], "error": "<the first
//     error, after which kubectl reads no more>"};
//   - {"streamBase64": "<a file's bytes, base64>"}: the same, for bytes a JSON string cannot
//     carry (text that is not UTF-8).
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"os"

	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

type input struct {
	YAML   *string `json:"yaml"`
	Stream *string `json:"stream"`
	// StreamBase64 is a stream given as base64, for bytes that are not UTF-8.
	StreamBase64 *string `json:"streamBase64"`
}

type output struct {
	Error     string            `json:"error,omitempty"`
	JSON      json.RawMessage   `json:"json,omitempty"`
	Documents []json.RawMessage `json:"documents,omitempty"`
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
		switch {
		case doc.YAML != nil:
			if converted, err := yaml.YAMLToJSON([]byte(*doc.YAML)); err != nil {
				answer.Error = err.Error()
			} else {
				answer.JSON = converted
			}
		case doc.Stream != nil:
			answer = readStream([]byte(*doc.Stream))
		case doc.StreamBase64 != nil:
			raw, err := base64.StdEncoding.DecodeString(*doc.StreamBase64)
			if err != nil {
				panic(err)
			}
			answer = readStream(raw)
		default:
			panic("input names neither yaml, stream nor streamBase64")
		}
		if err := encoder.Encode(answer); err != nil {
			panic(err)
		}
	}
	if err := in.Err(); err != nil {
		panic(err)
	}
}

// readStream decodes as kubectl's StreamVisitor (k8s.io/cli-runtime resource/visitor.go) does.
func readStream(text []byte) output {
	answer := output{Documents: []json.RawMessage{}}
	decoder := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(text), 4096)
	for {
		var raw json.RawMessage
		if err := decoder.Decode(&raw); err != nil {
			if !errors.Is(err, io.EOF) {
				answer.Error = err.Error()
			}
			return answer
		}
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
			continue
		}
		answer.Documents = append(answer.Documents, raw)
	}
}
