package ninjaone_test

import (
	"fmt"
	"net"
	"net/http"
	"os"

	"github.com/rmmgraph/rmmgraph/providers/ninjaone/ninjafake"
)

// serveFake serves a fake NinjaOne when this test binary is started as the
// benchmark's fake (NINJAFAKE_SERVE=devices/orgs), so the benchmark's
// memory figures are the sync's alone.
func serveFake() bool {
	spec := os.Getenv("NINJAFAKE_SERVE")
	if spec == "" {
		return false
	}
	var n, g int
	fmt.Sscanf(spec, "%d/%d", &n, &g)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	fmt.Println(ln.Addr().String())
	http.Serve(ln, ninjafake.New(n, g).Handler())
	return true
}
