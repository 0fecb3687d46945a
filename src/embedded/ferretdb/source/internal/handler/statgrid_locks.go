// StatGrid's addition to FerretDB 1.24's handler (copied into its source before the build; see
// src/embedded/ferretdb/README.md).
//
// The handler updates a document by reading it, applying the operators in Go and writing it back,
// each step on its own pooled SQLite connection, so two clients updating one document could both
// read the old value and one `$inc` or one compare-and-set was lost. MongoDB makes every
// single-document write atomic; FerretDB is one process, so a mutex per collection around each
// read-modify-write gives the same promise to every client.

package handler

import "sync"

var (
	statgridLocksMu sync.Mutex
	statgridLocks   = map[string]*sync.Mutex{}
)

// statgridLock locks the collection's read-modify-write mutex and returns its unlock.
func statgridLock(db, collection string) func() {
	key := db + "\x00" + collection

	statgridLocksMu.Lock()
	l, ok := statgridLocks[key]
	if !ok {
		l = new(sync.Mutex)
		statgridLocks[key] = l
	}
	statgridLocksMu.Unlock()

	l.Lock()

	return l.Unlock
}
