// Package model holds the GraphQL types: generated ones in models_gen.go and
// any written by hand beside it. Store models never appear here.
package model
