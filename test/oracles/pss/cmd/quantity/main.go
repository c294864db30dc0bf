// Command quantity is the differential oracle for the quantity check of Rampart's schema
// validation: it reads JSON strings, one per line, and prints for each whether a resource
// quantity with that value decodes as the API server receives it ("ok", or the error): the
// manifest's value converted to JSON by encoding/json, as sigs.k8s.io/yaml does in kubectl, then
// decoded by resource.Quantity's UnmarshalJSON.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"k8s.io/apimachinery/pkg/api/resource"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		var value string
		if err := json.Unmarshal(in.Bytes(), &value); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		converted, err := json.Marshal(value)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		var q resource.Quantity
		if err := json.Unmarshal(converted, &q); err != nil {
			fmt.Fprintln(out, err.Error())
		} else {
			fmt.Fprintln(out, "ok")
		}
	}
}
