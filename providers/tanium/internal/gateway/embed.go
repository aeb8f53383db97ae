package gateway

import _ "embed"

// Schema is the recorded schema subset, for servers that must accept
// exactly what the real Gateway accepts (the fake Gateway).
//
//go:embed schema.graphql
var Schema string
