// Differential oracle for src/checks/control-plane/kubeadm-patches.ts: applies kubeadm patches to a
// static pod with the libraries kubeadm's patch manager uses (cmd/kubeadm/app/util/patches:
// evanphx/json-patch for JSON and merge patches, apimachinery's strategicpatch with v1.Pod for
// strategic merge patches), and prints the named container's command and args afterwards.
//
// Input: one JSON case per line, {"pod": {...}, "container": "kube-apiserver",
// "patches": [{"type": "json"|"merge"|"strategic", "documents": [...]}]}.
// Output: one line per case, {"words": [...]} (null when the container or its command is gone),
// or {"error": "..."} when kubeadm would stop on a patch.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	jsonpatch "gopkg.in/evanphx/json-patch.v4"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
)

type patchSet struct {
	Type      string            `json:"type"`
	Documents []json.RawMessage `json:"documents"`
}

type testCase struct {
	Pod       json.RawMessage `json:"pod"`
	Container string          `json:"container"`
	Patches   []patchSet      `json:"patches"`
}

type answer struct {
	Words *[]string `json:"words"`
	Error string    `json:"error,omitempty"`
}

func apply(c testCase) answer {
	data := []byte(c.Pod)
	for _, set := range c.Patches {
		for _, document := range set.Documents {
			var err error
			switch set.Type {
			case "json":
				var patch jsonpatch.Patch
				patch, err = jsonpatch.DecodePatch(document)
				if err == nil {
					data, err = patch.Apply(data)
				}
			case "merge":
				data, err = jsonpatch.MergePatch(data, document)
			case "strategic":
				data, err = strategicpatch.StrategicMergePatch(data, document, corev1.Pod{})
			default:
				err = fmt.Errorf("unknown patch type %q", set.Type)
			}
			if err != nil {
				return answer{Error: err.Error()}
			}
		}
	}
	var pod struct {
		Spec struct {
			Containers []map[string]json.RawMessage `json:"containers"`
		} `json:"spec"`
	}
	if err := json.Unmarshal(data, &pod); err != nil {
		return answer{Words: nil}
	}
	for _, container := range pod.Spec.Containers {
		var name string
		if json.Unmarshal(container["name"], &name) != nil || name != c.Container {
			continue
		}
		words := []string{}
		for _, field := range []string{"command", "args"} {
			raw, ok := container[field]
			if !ok {
				continue
			}
			var list []any
			if json.Unmarshal(raw, &list) != nil {
				return answer{Words: nil}
			}
			for _, item := range list {
				text, isString := item.(string)
				if !isString {
					return answer{Words: nil}
				}
				words = append(words, text)
			}
		}
		if len(words) == 0 {
			return answer{Words: nil}
		}
		return answer{Words: &words}
	}
	return answer{Words: nil}
}

func main() {
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
		line, _ := json.Marshal(apply(c))
		out.Write(line)
		out.WriteByte('\n')
	}
}
