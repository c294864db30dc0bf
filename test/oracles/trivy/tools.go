//go:build tools

// Package tools pins Trivy for the differential oracle: the test builds
// github.com/aquasecurity/trivy/cmd/trivy from this module (see ../README.md).
package tools

import _ "github.com/aquasecurity/trivy/cmd/trivy"
