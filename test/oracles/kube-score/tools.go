//go:build tools

// Package tools pins kube-score for the differential oracle: the test builds
// github.com/zegl/kube-score/cmd/kube-score from this module (see ../README.md).
package tools

import _ "github.com/zegl/kube-score/cmd/kube-score"
