// Command netpol-oracle answers connectivity questions with the real np-guard/netpol-analyzer
// library (v1.4.4), for the differential test in ../netpol.oracle.test.ts.
//
// Each stdin line is {"documents": [<Kubernetes object>...], "ips": ["10.1.2.3", ...],
// "ports": [{"protocol": "TCP", "port": 80}, ...]}. For every ordered pair of workloads (one pod
// per owner, as netpol-analyzer names them: ns/name[Kind]) and probe addresses, the oracle asks
// the policy engine's per-connection check (PolicyEngine.CheckIfAllowed) about every probe port,
// and prints one line {"results": [{"src", "dst", "allowed": ["TCP 80", ...]}]} or {"error": "..."}.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"

	"github.com/np-guard/netpol-analyzer/pkg/logger"
	"github.com/np-guard/netpol-analyzer/pkg/manifests/fsscanner"
	"github.com/np-guard/netpol-analyzer/pkg/manifests/parser"
	"github.com/np-guard/netpol-analyzer/pkg/netpol/eval"
)

type probe struct {
	Protocol string `json:"protocol"`
	Port     int    `json:"port"`
}

type request struct {
	Documents []json.RawMessage `json:"documents"`
	IPs       []string          `json:"ips"`
	Ports     []probe           `json:"ports"`
}

type result struct {
	Src     string   `json:"src"`
	Dst     string   `json:"dst"`
	Allowed []string `json:"allowed"`
}

type answer struct {
	Results []result `json:"results"`
	Error   string   `json:"error,omitempty"`
}

// peer is something CheckIfAllowed accepts (ns/pod or an IP), under the name connlist gives it.
type peer struct {
	query string
	name  string
	owner string
}

func analyze(req request) answer {
	dir, err := os.MkdirTemp("", "netpol-oracle-")
	if err != nil {
		return answer{Error: err.Error()}
	}
	defer os.RemoveAll(dir)
	for i, doc := range req.Documents {
		// JSON is YAML: the directory scanner reads .json files as manifests.
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%03d.json", i)), doc, 0o600); err != nil {
			return answer{Error: err.Error()}
		}
	}
	infos, errs := fsscanner.GetResourceInfosFromDirPath([]string{dir}, true, false)
	if len(errs) > 0 {
		return answer{Error: fmt.Sprint(errs)}
	}
	objects, fileErrs := parser.ResourceInfoListToK8sObjectsList(infos, logger.NewDefaultLogger(), true)
	if len(fileErrs) > 0 {
		return answer{Error: fmt.Sprint(fileErrs[0].Error())}
	}
	pe, err := eval.NewPolicyEngineWithOptionsList(eval.WithObjectsList(objects))
	if err != nil {
		return answer{Error: err.Error()}
	}
	// One pod per owner: netpol-analyzer's workloads.
	byOwner := map[string]peer{}
	for key, pod := range pe.GetPodsMap() {
		owner, kind := pod.Owner.Name, pod.Owner.Kind
		if owner == "" {
			owner, kind = pod.Name, "Pod"
		}
		id := pod.Namespace + "/" + owner + "[" + kind + "]"
		if existing, ok := byOwner[id]; !ok || key < existing.query {
			byOwner[id] = peer{query: key, name: id, owner: id}
		}
	}
	peers := make([]peer, 0, len(byOwner)+len(req.IPs))
	for _, p := range byOwner {
		peers = append(peers, p)
	}
	sort.Slice(peers, func(i, j int) bool { return peers[i].name < peers[j].name })
	pods := len(peers)
	for _, ip := range req.IPs {
		peers = append(peers, peer{query: ip, name: ip})
	}
	out := answer{Results: []result{}}
	for i, src := range peers {
		for j, dst := range peers {
			if i == j || (i >= pods && j >= pods) {
				continue
			}
			res := result{Src: src.name, Dst: dst.name, Allowed: []string{}}
			for _, p := range req.Ports {
				allowed, err := pe.CheckIfAllowed(src.query, dst.query, p.Protocol, strconv.Itoa(p.Port))
				if err != nil {
					return answer{Error: err.Error()}
				}
				if allowed {
					res.Allowed = append(res.Allowed, p.Protocol+" "+strconv.Itoa(p.Port))
				}
			}
			out.Results = append(out.Results, res)
		}
	}
	return out
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<28)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var req request
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			_ = out.Encode(answer{Error: "bad request: " + err.Error()})
			continue
		}
		_ = out.Encode(analyze(req))
	}
}
