// Command k8saudit-oracle extracts ka.* fields from audit events with the k8saudit plugin's own Go
// code (github.com/falcosecurity/plugins/plugins/k8saudit v0.18.0), for the differential test in
// ../k8saudit.oracle.test.ts. Input, one JSON line each:
//
//	{"event": "<audit event JSON text>", "fields": [{"name": "ka.user.name"}, {"name": "ka.uri.param", "key": "command"}, {"name": "ka.req.pod.containers.image", "index": 1}]}
//
// Output, one JSON line each: {"results": [{"set": true, "value": "alice"}, {"set": false}, {"set": true, "values": ["nginx"]}, {"error": "..."}]}
package main

import (
	"bufio"
	"encoding/json"
	"os"
	"unsafe"

	"github.com/falcosecurity/plugin-sdk-go/pkg/sdk"
	"github.com/falcosecurity/plugins/plugins/k8saudit/pkg/k8saudit"
	"github.com/valyala/fastjson"
)

type fieldSpec struct {
	Name  string  `json:"name"`
	Key   *string `json:"key"`
	Index *uint64 `json:"index"`
}

type input struct {
	Event  string      `json:"event"`
	Fields []fieldSpec `json:"fields"`
}

type result struct {
	Set    bool     `json:"set"`
	Value  *string  `json:"value,omitempty"`
	Values []string `json:"values,omitempty"`
	IsList bool     `json:"list,omitempty"`
	Error  string   `json:"error,omitempty"`
}

// request is an sdk.ExtractRequest held in Go memory, like the one libsinsp passes through the C ABI.
type request struct {
	name    string
	list    bool
	key     string
	index   uint64
	present bool
	set     bool
	value   string
	values  []string
}

func (r *request) FieldID() uint64                                  { return 0 }
func (r *request) FieldType() uint32                                { return sdk.FieldTypeCharBuf }
func (r *request) Field() string                                    { return r.name }
func (r *request) ArgKey() string                                   { return r.key }
func (r *request) ArgIndex() uint64                                 { return r.index }
func (r *request) ArgPresent() bool                                 { return r.present }
func (r *request) IsList() bool                                     { return r.list }
func (r *request) SetValueOffset(start, length uint32)              {}
func (r *request) SetPtr(unsafe.Pointer)                            {}
func (r *request) SetOffsetPtrs(startPtr, lengthPtr unsafe.Pointer) {}
func (r *request) WantOffset() bool                                 { return false }
func (r *request) SetValue(v interface{}) {
	r.set = true
	switch x := v.(type) {
	case string:
		r.value = x
	case []string:
		r.values = x
	}
}

func main() {
	plugin := &k8saudit.Plugin{}
	lists := map[string]bool{}
	for _, f := range plugin.Fields() {
		lists[f.Name] = f.IsList
	}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	var parser fastjson.Parser
	for in.Scan() {
		var msg input
		if err := json.Unmarshal(in.Bytes(), &msg); err != nil {
			panic(err)
		}
		value, err := parser.Parse(msg.Event)
		results := make([]result, 0, len(msg.Fields))
		for _, f := range msg.Fields {
			if err != nil {
				results = append(results, result{Error: "parse: " + err.Error()})
				continue
			}
			r := &request{name: f.Name, list: lists[f.Name]}
			if f.Key != nil {
				r.key, r.present = *f.Key, true
			}
			if f.Index != nil {
				r.index, r.present = *f.Index, true
			}
			xerr := plugin.ExtractFromJSON(r, value)
			res := result{Set: r.set, IsList: r.list}
			if xerr != nil && xerr != k8saudit.ErrExtractNotAvailable {
				res.Error = xerr.Error()
			}
			if r.set && !r.list {
				v := r.value
				res.Value = &v
			}
			if r.set && r.list {
				res.Values = r.values
			}
			results = append(results, res)
		}
		if err := enc.Encode(map[string]interface{}{"results": results}); err != nil {
			panic(err)
		}
	}
}
