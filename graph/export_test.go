package graph_test

import "github.com/rmmgraph/rmmgraph/providers/rmm"

func providerErr(msg string) error { return rmm.Errorf(rmm.ErrUnavailable, "%s", msg) }
