// Command admission-decode is the differential oracle for how Rampart's webhook decodes the object
// of an AdmissionReview for Pod Security Admission. It decodes as the upstream webhook does
// (k8s.io/pod-security-admission/api's attributes.decode: its scheme's UniversalDeserializer, the
// request's kind as the default group, version and kind) and prints, one line per input line
// {"kind": {"group": ..., "version": ..., "kind": ...}, "object": <JSON, as sent>}:
//
//	{"decoded": "apps/v1, Kind=Deployment"}   the group, version and kind the object is decoded as
//	{"error": "..."}                            the decoder's error
//
// With -kinds it prints instead the kinds the scheme registers (one "group/version Kind" a line,
// "*/* Kind" for the kinds it creates for any version), sorted.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"

	admissionv1 "k8s.io/api/admission/v1"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
)

// The webhook's scheme (k8s.io/pod-security-admission/cmd/webhook/server/scheme.go).
var scheme = runtime.NewScheme()
var codecs = serializer.NewCodecFactory(scheme)

func init() {
	utilruntime.Must(corev1.AddToScheme(scheme))
	utilruntime.Must(appsv1.AddToScheme(scheme))
	utilruntime.Must(batchv1.AddToScheme(scheme))
	utilruntime.Must(admissionv1.AddToScheme(scheme))
}

type input struct {
	Kind   schema.GroupVersionKind `json:"kind"`
	Object json.RawMessage         `json:"object"`
}

func main() {
	kinds := flag.Bool("kinds", false, "print the kinds the scheme registers")
	flag.Parse()
	if *kinds {
		printKinds()
		return
	}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<24), 1<<24)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		var line input
		if err := json.Unmarshal(in.Bytes(), &line); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		answer := map[string]string{}
		gvk := line.Kind
		if _, decoded, err := codecs.UniversalDeserializer().Decode(line.Object, &gvk, nil); err != nil {
			answer["error"] = err.Error()
		} else {
			answer["decoded"] = decoded.String()
		}
		encoded, _ := json.Marshal(answer)
		out.Write(encoded)
		out.WriteByte('\n')
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}

func printKinds() {
	var lines []string
	for gvk := range scheme.AllKnownTypes() {
		if gvk.Version == runtime.APIVersionInternal {
			continue
		}
		lines = append(lines, fmt.Sprintf("%s %s", gvk.GroupVersion().String(), gvk.Kind))
	}
	for _, kind := range []string{"Status", "APIVersions", "APIGroupList", "APIGroup", "APIResourceList"} {
		if _, err := scheme.New(schema.GroupVersionKind{Group: "x.invalid", Version: "v0", Kind: kind}); err == nil {
			lines = append(lines, "*/* "+kind)
		}
	}
	sort.Strings(lines)
	for _, line := range lines {
		fmt.Println(line)
	}
}
