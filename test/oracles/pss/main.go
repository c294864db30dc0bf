// Command pss-oracle is the differential oracle for Rampart's Pod Security Standards engine
// (src/pss). It reads JSON lines {"level","version","pod"} on stdin and prints, for each line,
// upstream pod-security-admission's verdict as one JSON line:
//
//	{"allowed":bool,"violations":[{"check","reason","detail"}],"reason":"<ForbiddenDetail()>"}
//
// The pod is decoded the way the API server decodes JSON (sigs.k8s.io/json, case-sensitive);
// type mismatches are ignored (the mismatched field keeps what the decoder left in it), any other
// decoding error is reported as {"decodeError": "..."}. Then the API server's defaulting that
// changes what pod-security-admission sees is applied (see applyDefaults).
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
	"k8s.io/utils/ptr"
	kjson "sigs.k8s.io/json"
)

type request struct {
	Level   string          `json:"level"`
	Version string          `json:"version"`
	Pod     json.RawMessage `json:"pod"`
}

type violation struct {
	Check  string `json:"check"`
	Reason string `json:"reason"`
	Detail string `json:"detail"`
}

type response struct {
	Allowed     bool        `json:"allowed"`
	Violations  []violation `json:"violations"`
	Reason      string      `json:"reason"`
	DecodeError string      `json:"decodeError,omitempty"`
	Error       string      `json:"error,omitempty"`
}

// calls records which check produced each result, in evaluation order.
var calls []string

func main() {
	checks := policy.DefaultChecks()
	for i := range checks {
		id := string(checks[i].ID)
		for j := range checks[i].Versions {
			fn := checks[i].Versions[j].CheckPod
			checks[i].Versions[j].CheckPod = func(m *metav1.ObjectMeta, s *corev1.PodSpec) policy.CheckResult {
				calls = append(calls, id)
				return fn(m, s)
			}
		}
	}
	evaluator, err := policy.NewEvaluator(checks, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}

	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for in.Scan() {
		line := in.Bytes()
		if len(strings.TrimSpace(string(line))) == 0 {
			continue
		}
		if err := enc.Encode(evaluate(evaluator, line)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func evaluate(evaluator policy.Evaluator, line []byte) response {
	var req request
	if err := json.Unmarshal(line, &req); err != nil {
		return response{Error: "bad request line: " + err.Error()}
	}
	level, err := api.ParseLevel(req.Level)
	if err != nil {
		return response{Error: "level: " + err.Error()}
	}
	version, err := api.ParseVersion(req.Version)
	if err != nil {
		return response{Error: "version: " + err.Error()}
	}
	var pod corev1.Pod
	if err := kjson.UnmarshalCaseSensitivePreserveInts(req.Pod, &pod); err != nil {
		// A type mismatch leaves the field as the decoder left it and decoding goes on; any
		// other error (a custom unmarshaler failing) stops decoding, and the API server would
		// reject the object as a bad request.
		if !isDecoderTypeMismatch(err) {
			return response{DecodeError: fmt.Sprintf("%T: %v", err, err)}
		}
	}

	applyDefaults(&pod)

	calls = calls[:0]
	results := evaluator.EvaluatePod(api.LevelVersion{Level: level, Version: version}, &pod.ObjectMeta, &pod.Spec)
	if len(calls) != len(results) {
		return response{Error: "internal: check/result count mismatch"}
	}
	resp := response{Violations: []violation{}}
	for i, r := range results {
		if !r.Allowed {
			resp.Violations = append(resp.Violations, violation{Check: calls[i], Reason: r.ForbiddenReason, Detail: r.ForbiddenDetail})
		}
	}
	agg := policy.AggregateCheckResults(results)
	resp.Allowed = agg.Allowed
	resp.Reason = agg.ForbiddenDetail()
	return resp
}

// isDecoderTypeMismatch reports whether err is the decoder's own type-mismatch error, after
// which decoding goes on, rather than an error from a field type's UnmarshalJSON (IntOrString,
// Quantity, Time), which stops decoding. Both can be *json.UnmarshalTypeError (IntOrString and
// Time decode through encoding/json), so the error's type is compared with the type of the field
// it names: they differ when the error comes from inside a custom decoder.
func isDecoderTypeMismatch(err error) bool {
	var mismatch *json.UnmarshalTypeError
	if !errors.As(err, &mismatch) {
		return false
	}
	t := reflect.TypeOf(corev1.Pod{})
	if mismatch.Field != "" {
		for _, name := range strings.Split(mismatch.Field, ".") {
			if t = field(elem(t), name); t == nil {
				return false
			}
		}
	}
	for {
		if t == mismatch.Type {
			return true
		}
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Array:
			t = t.Elem()
		default:
			return false
		}
	}
}

// elem strips pointers, slices and maps down to the type their values decode into.
func elem(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map || t.Kind() == reflect.Array {
		t = t.Elem()
	}
	return t
}

// field finds a struct field by JSON name, or an embedded struct by Go name (as error paths name them).
func field(t reflect.Type, name string) reflect.Type {
	if t.Kind() != reflect.Struct {
		return nil
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := strings.Split(f.Tag.Get("json"), ",")[0]
		if tag == name || (tag == "" && f.Name == name) {
			return f.Type
		}
	}
	return nil
}

// applyDefaults applies the API server's defaulting (k8s.io/kubernetes pkg/apis/core/v1
// defaults.go) that changes fields pod-security-admission reads; admission runs after it.
//   - SetDefaults_Volume, for every object with a pod spec: a volume without a source is an emptyDir.
//   - SetDefaults_Pod, for Pods only (not pod templates, since Kubernetes 1.28): with hostNetwork,
//     a container or init container port without hostPort gets hostPort = containerPort.
func applyDefaults(pod *corev1.Pod) {
	for i := range pod.Spec.Volumes {
		if ptr.AllPtrFieldsNil(&pod.Spec.Volumes[i].VolumeSource) {
			pod.Spec.Volumes[i].VolumeSource = corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}
		}
	}
	if pod.Kind == "Pod" && pod.Spec.HostNetwork {
		defaultHostNetworkPorts(pod.Spec.Containers)
		defaultHostNetworkPorts(pod.Spec.InitContainers)
	}
}

func defaultHostNetworkPorts(containers []corev1.Container) {
	for i := range containers {
		for j := range containers[i].Ports {
			if containers[i].Ports[j].HostPort == 0 {
				containers[i].Ports[j].HostPort = containers[i].Ports[j].ContainerPort
			}
		}
	}
}
