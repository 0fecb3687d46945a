package resource

// StatGrid patch test: a build without the debug tag tracks nothing; a debug one (-race) still does
// (07-no-leak-tracking.patch).

import (
	"runtime/pprof"
	"testing"

	"github.com/FerretDB/FerretDB/internal/util/debugbuild"
)

type statgridTracked struct {
	token *Token
}

func TestStatGridOnlyDebugBuildsTrack(t *testing.T) {
	obj := &statgridTracked{token: NewToken()}
	Track(obj, obj.token)

	tracked := 0
	if p := pprof.Lookup(profileName(obj)); p != nil {
		tracked = p.Count()
	}

	if want := map[bool]int{false: 0, true: 1}[debugbuild.Enabled]; tracked != want {
		t.Fatalf("debug build %v: %d tracked, want %d", debugbuild.Enabled, tracked, want)
	}

	Untrack(obj, obj.token)
}
