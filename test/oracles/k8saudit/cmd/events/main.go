// Command events reads audit payloads as the k8saudit plugin (v0.18.0) reads a line of an audit
// log or a webhook request body, for the differential test of event times in
// ../../../k8saudit-events.oracle.test.ts. Input, one JSON line each:
//
//	{"payload": "<audit Event or EventList JSON text>", "maxEventSize": 262144}
//
// (maxEventSize, the plugin's config of that name, is optional: the plugin's default otherwise.)
//
// Output, one JSON line each: the error that makes the plugin drop the whole payload, or, for each
// event, the time the plugin SDK hands to Falco (uint64(UnixNano()) in decimal, "now" for the
// zero time and -1, which the plugin API fills with the current time) or the error that drops it:
//
//	{"events": [{"ts": "1540476552581541000"}, {"ts": "now"}, {"error": "can't read stageTimestamp"}]}
//	{"error": "data not recognized as a k8s audit event"}
package main

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"strconv"

	"github.com/falcosecurity/plugins/plugins/k8saudit/pkg/k8saudit"
)

type event struct {
	Ts    string `json:"ts,omitempty"`
	Error string `json:"error,omitempty"`
}

type answer struct {
	Events []event `json:"events"`
	Error  string  `json:"error,omitempty"`
}

func main() {
	plugin := &k8saudit.Plugin{}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	for in.Scan() {
		var msg struct {
			Payload      string  `json:"payload"`
			MaxEventSize *uint64 `json:"maxEventSize"`
		}
		if err := json.Unmarshal(in.Bytes(), &msg); err != nil {
			panic(err)
		}
		plugin.Config.Reset()
		if msg.MaxEventSize != nil {
			plugin.Config.MaxEventSize = *msg.MaxEventSize
		}
		res := answer{Events: []event{}}
		events, err := plugin.ParseAuditEventsPayload([]byte(msg.Payload))
		if err != nil {
			// What the plugin's readers (parseAuditEventsAndPush) do with such a payload: log the
			// error and push none of its events, not even those read before the error (a JSON
			// array with an element that is not an Event or EventList).
			res.Error = err.Error()
			events = nil
		}
		for _, e := range events {
			switch {
			case e.Err != nil:
				res.Events = append(res.Events, event{Error: e.Err.Error()})
			// What plugin-sdk-go's push instance (pkg/sdk/plugins/source) does with the time.
			case e.Timestamp.IsZero() || uint64(e.Timestamp.UnixNano()) == math.MaxUint64:
				res.Events = append(res.Events, event{Ts: "now"})
			default:
				res.Events = append(res.Events, event{Ts: strconv.FormatUint(uint64(e.Timestamp.UnixNano()), 10)})
			}
		}
		if err := enc.Encode(res); err != nil {
			panic(err)
		}
	}
}
