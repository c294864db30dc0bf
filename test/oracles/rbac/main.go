// Command rbac-oracle answers RBAC questions with Kubernetes' own code, for the differential test
// in ../rbac.oracle.test.ts: one JSON case per input line, one JSON answer per output line.
//
//	{"op":"authorize","world":{...},"requests":[...]}  RBACAuthorizer.Authorize for each request
//	{"op":"rules","world":{...},"user":{...},"namespace":"ns"}  DefaultRuleResolver.RulesFor
//	{"op":"covers","owner":[rules],"servant":[rules]}  validation.Covers
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"

	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	helper "k8s.io/component-helpers/auth/rbac/validation"
	"k8s.io/kubernetes/pkg/registry/rbac/validation"
	rbacauthorizer "k8s.io/kubernetes/plugin/pkg/auth/authorizer/rbac"
)

type world struct {
	Roles               []*rbacv1.Role               `json:"roles"`
	RoleBindings        []*rbacv1.RoleBinding        `json:"roleBindings"`
	ClusterRoles        []*rbacv1.ClusterRole        `json:"clusterRoles"`
	ClusterRoleBindings []*rbacv1.ClusterRoleBinding `json:"clusterRoleBindings"`
}

type userInfo struct {
	Name   string   `json:"name"`
	Groups []string `json:"groups"`
}

type request struct {
	User            userInfo `json:"user"`
	ResourceRequest bool     `json:"resourceRequest"`
	Verb            string   `json:"verb"`
	APIGroup        string   `json:"apiGroup"`
	Resource        string   `json:"resource"`
	Subresource     string   `json:"subresource"`
	Name            string   `json:"name"`
	Namespace       string   `json:"namespace"`
	Path            string   `json:"path"`
}

type input struct {
	Op        string              `json:"op"`
	World     world               `json:"world"`
	Requests  []request           `json:"requests"`
	User      userInfo            `json:"user"`
	Namespace string              `json:"namespace"`
	Owner     []rbacv1.PolicyRule `json:"owner"`
	Servant   []rbacv1.PolicyRule `json:"servant"`
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 64<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	for in.Scan() {
		var c input
		if err := json.Unmarshal(in.Bytes(), &c); err != nil {
			_ = enc.Encode(map[string]string{"error": err.Error()})
			continue
		}
		_ = enc.Encode(answer(c))
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func answer(c input) any {
	switch c.Op {
	case "authorize":
		resolver, getter := validation.NewTestRuleResolver(c.World.Roles, c.World.RoleBindings, c.World.ClusterRoles, c.World.ClusterRoleBindings)
		_ = resolver
		authz := rbacauthorizer.New(getter, getter, getter, getter)
		decisions := make([]bool, len(c.Requests))
		for i, r := range c.Requests {
			attrs := authorizer.AttributesRecord{
				User:            &user.DefaultInfo{Name: r.User.Name, Groups: r.User.Groups},
				ResourceRequest: r.ResourceRequest,
				Verb:            r.Verb,
				APIGroup:        r.APIGroup,
				Resource:        r.Resource,
				Subresource:     r.Subresource,
				Name:            r.Name,
				Namespace:       r.Namespace,
				Path:            r.Path,
			}
			decision, _, _ := authz.Authorize(context.Background(), attrs)
			decisions[i] = decision == authorizer.DecisionAllow
		}
		return map[string]any{"allowed": decisions}
	case "rules":
		resolver, _ := validation.NewTestRuleResolver(c.World.Roles, c.World.RoleBindings, c.World.ClusterRoles, c.World.ClusterRoleBindings)
		rules, _ := resolver.RulesFor(context.Background(), &user.DefaultInfo{Name: c.User.Name, Groups: c.User.Groups}, c.Namespace)
		if rules == nil {
			rules = []rbacv1.PolicyRule{}
		}
		return map[string]any{"rules": rules}
	case "covers":
		covered, uncovered := helper.Covers(c.Owner, c.Servant)
		if uncovered == nil {
			uncovered = []rbacv1.PolicyRule{}
		}
		return map[string]any{"covered": covered, "uncovered": uncovered}
	}
	return map[string]string{"error": "unknown op " + c.Op}
}
