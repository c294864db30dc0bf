// Command go-json reads JSON lines of Kubernetes objects and prints, for each, what kube-linter's
// CEL checks see as `object`: the object loaded as kube-linter's parseObjects loads it (client-go
// scheme's UniversalDeserializer; on an error other than a JSON type mismatch, the unstructured
// decoder), then json.Marshal and json.Unmarshal into map[string]any. One line per input:
//
//	{"typed": {...}}          decoded into its client-go type
//	{"unstructured": {...}}   kept as a map (a kind the scheme does not know, or a value the type's own decoder refuses)
//	{"decodeError": "..."}    kube-linter cannot load the object
//
// The input line is first written again as sigs.k8s.io/yaml writes the JSON of a manifest (see answer).
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	runtimeyaml "k8s.io/apimachinery/pkg/runtime/serializer/yaml"
	"k8s.io/client-go/kubernetes/scheme"
)

var decoder = serializer.NewCodecFactory(scheme.Scheme).UniversalDeserializer()

// load is kube-linter's parseObjects (pkg/lintcontext/parse_yaml.go) for one object that is not a List.
func load(data []byte) (runtime.Object, bool, error) {
	obj, _, err := decoder.Decode(data, nil, nil)
	typed := err == nil
	if err != nil {
		if strings.Contains(err.Error(), "json: cannot unmarshal") {
			return nil, false, err
		}
		var uerr error
		obj, _, uerr = runtimeyaml.NewDecodingSerializer(unstructured.UnstructuredJSONScheme).Decode(data, nil, obj)
		if uerr != nil {
			return nil, false, fmt.Errorf("%w: %w", err, uerr)
		}
	}
	// kube-linter's k8sutil.Object: object metadata and a runtime.Object.
	if _, ok := obj.(metav1.Object); !ok {
		return nil, false, fmt.Errorf("object was not a k8s object: %T", obj)
	}
	return obj, typed, nil
}

func answer(line []byte) any {
	// kube-linter decodes the JSON that sigs.k8s.io/yaml writes of a manifest from Go maps: keys
	// sorted, strings escaped by encoding/json. Numbers keep their text.
	var doc any
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return map[string]string{"inputError": err.Error()}
	}
	data, err := json.Marshal(doc)
	if err != nil {
		return map[string]string{"inputError": err.Error()}
	}
	obj, typed, err := load(data)
	if err != nil {
		return map[string]string{"decodeError": err.Error()}
	}
	data, err = json.Marshal(obj)
	if err != nil {
		return map[string]string{"decodeError": "marshal: " + err.Error()}
	}
	var form map[string]any
	if err := json.Unmarshal(data, &form); err != nil {
		return map[string]string{"decodeError": "unmarshal: " + err.Error()}
	}
	if typed {
		return map[string]any{"typed": form}
	}
	return map[string]any{"unstructured": form}
}

func main() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	for {
		line, err := in.ReadBytes('\n')
		if len(strings.TrimSpace(string(line))) > 0 {
			if e := enc.Encode(answer(line)); e != nil {
				fmt.Fprintln(os.Stderr, e)
				os.Exit(1)
			}
		}
		if err != nil {
			break
		}
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
