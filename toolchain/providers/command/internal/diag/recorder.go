package diag

import "sync"

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
