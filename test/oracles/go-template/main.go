// Differential oracle for src/custom-rules/go-template: renders Go text/template templates as
// Polaris renders the JSON Schema of a custom check, template.New(name) with Polaris' two
// functions (strings.HasPrefix and strings.HasSuffix), Parse, then Execute with the object.
//
// Input: one JSON case per line, {"name": ..., "text": ..., "data": <json>, "numbers": "int64"|"int"|"float64"}.
// "float64" decodes the data as encoding/json does into interface{} (every number a float64);
// "int64" as Kubernetes' unstructured objects do (json.Decoder with UseNumber, then each number
// that strconv.ParseInt reads becomes an int64, every other one a float64); "int" the same with
// int, as gopkg.in/yaml.v3 decodes a manifest's whole numbers (Polaris reads files so).
// Output: one line per case, {"output": "..."}, or {"error": "...", "phase": "parse"|"exec"}; a
// case that runs longer than 10 seconds is answered {"phase": "timeout"} (and left running).
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/template"
	"time"
)

type testCase struct {
	Name    string          `json:"name"`
	Text    string          `json:"text"`
	Data    json.RawMessage `json:"data"`
	Numbers string          `json:"numbers"`
}

type answer struct {
	Output *string `json:"output,omitempty"`
	Error  string  `json:"error,omitempty"`
	Phase  string  `json:"phase,omitempty"`
}

// convertNumbers replaces, in place as apimachinery does, each json.Number by an int64 (an int
// when asInt) or a float64.
func convertNumbers(v interface{}, asInt bool) (interface{}, error) {
	switch v := v.(type) {
	case json.Number:
		if i, err := strconv.ParseInt(string(v), 10, 64); err == nil {
			if asInt {
				return int(i), nil
			}
			return i, nil
		}
		return strconv.ParseFloat(string(v), 64)
	case map[string]interface{}:
		for k, e := range v {
			c, err := convertNumbers(e, asInt)
			if err != nil {
				return nil, err
			}
			v[k] = c
		}
	case []interface{}:
		for i, e := range v {
			c, err := convertNumbers(e, asInt)
			if err != nil {
				return nil, err
			}
			v[i] = c
		}
	}
	return v, nil
}

func decode(c testCase) (interface{}, error) {
	var data interface{}
	if c.Numbers == "float64" {
		err := json.Unmarshal(c.Data, &data)
		return data, err
	}
	decoder := json.NewDecoder(bytes.NewReader(c.Data))
	decoder.UseNumber()
	if err := decoder.Decode(&data); err != nil {
		return nil, err
	}
	return convertNumbers(data, c.Numbers == "int")
}

func render(c testCase) (a answer) {
	defer func() {
		if r := recover(); r != nil {
			a = answer{Error: fmt.Sprint("panic: ", r), Phase: "panic"}
		}
	}()
	data, err := decode(c)
	if err != nil {
		return answer{Error: "bad data: " + err.Error(), Phase: "data"}
	}
	tmpl, err := template.New(c.Name).Funcs(template.FuncMap{"hasPrefix": strings.HasPrefix, "hasSuffix": strings.HasSuffix}).Parse(c.Text)
	if err != nil {
		return answer{Error: err.Error(), Phase: "parse"}
	}
	var out bytes.Buffer
	if err := tmpl.Execute(&out, data); err != nil {
		return answer{Error: err.Error(), Phase: "exec"}
	}
	s := out.String()
	return answer{Output: &s}
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
		done := make(chan answer, 1)
		go func() { done <- render(c) }()
		var a answer
		select {
		case a = <-done:
		case <-time.After(10 * time.Second):
			a = answer{Error: "timeout", Phase: "timeout"}
		}
		line, _ := json.Marshal(a)
		out.Write(line)
		out.WriteByte('\n')
	}
}
