module rampart.dev/test/oracles/gotemplate

go 1.26.0
