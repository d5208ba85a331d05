package diag

import (
	"context"
	"sync"
	"time"
)

// Entry is one message a Recorder received.
type Entry struct {
	Severity string // "status", "debug", "warning" or "error"
	Message  string
}

// Recorder is a Logger that keeps every message, for tests.
type Recorder struct {
	mu      sync.Mutex
	entries []Entry
}

func (r *Recorder) add(severity, msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.entries = append(r.entries, Entry{severity, msg})
}

func (r *Recorder) InfoStatus(msg string) { r.add("status", msg) }
func (r *Recorder) Debug(msg string)      { r.add("debug", msg) }
func (r *Recorder) Warning(msg string)    { r.add("warning", msg) }
func (r *Recorder) Error(msg string)      { r.add("error", msg) }

// Entries returns a copy of what was logged so far.
func (r *Recorder) Entries() []Entry {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Entry(nil), r.entries...)
}

// Messages returns the messages of one severity, in order.
func (r *Recorder) Messages(severity string) []string {
	var out []string
	for _, e := range r.Entries() {
		if e.Severity == severity {
			out = append(out, e.Message)
		}
	}
	return out
}

// TestContext returns a context that logs to a new Recorder. It is cancelled when the test
// ends and after two minutes, so that a hang fails the test instead of stalling it; t is a
// *testing.T, taken as an interface so that the plugin does not link package testing.
func TestContext(t interface{ Cleanup(func()) }) (context.Context, *Recorder) {
	rec := &Recorder{}
	ctx, cancel := context.WithTimeout(WithLogger(context.Background(), rec), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx, rec
}
