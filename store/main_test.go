package store_test

import (
	"os"
	"testing"

	"github.com/rmmgraph/rmmgraph/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }
