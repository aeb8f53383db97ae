package graph_test

import "github.com/rmmgraph/rmmgraph/providers"

func providerErr(msg string) error { return providers.Errorf(providers.ErrUnavailable, "%s", msg) }
