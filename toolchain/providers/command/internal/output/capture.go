// Package output captures what a command writes: each stream on its own, both together in
// arrival order for error messages, and, for the streams being logged, one line at a time.
package output

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
)

// Capture collects a command's stdout and stderr. Its writers never block on logging and
// have no line-length limit, so a command that prints a huge line cannot stall.
type Capture struct {
	mu       sync.Mutex
	stdout   bytes.Buffer
	stderr   bytes.Buffer
	combined bytes.Buffer
	lines    *lineSplitter
}

// New returns a Capture that sends every line of the streams selected by logStdout and
// logStderr to logLine. Both streams share one line buffer, as they would share one pipe.
func New(logLine func(string), logStdout, logStderr bool) *Capture {
	c := &Capture{}
	if logLine != nil && (logStdout || logStderr) {
		c.lines = &lineSplitter{emit: logLine, stdout: logStdout, stderr: logStderr}
	}
	return c
}

type stream struct {
	c        *Capture
	own      *bytes.Buffer
	isStderr bool
}

func (s stream) Write(b []byte) (int, error) {
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	s.own.Write(b)
	s.c.combined.Write(b)
	if l := s.c.lines; l != nil && (s.isStderr && l.stderr || !s.isStderr && l.stdout) {
		l.write(b)
	}
	return len(b), nil
}

// Stdout is the writer for the command's standard output.
func (c *Capture) Stdout() io.Writer { return stream{c, &c.stdout, false} }

// Stderr is the writer for the command's standard error.
func (c *Capture) Stderr() io.Writer { return stream{c, &c.stderr, true} }

// Flush logs a last line that had no newline. Call it once the command has finished.
func (c *Capture) Flush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lines != nil {
		c.lines.flush()
	}
}

// Stdout and Stderr, each with one trailing newline removed.
func (c *Capture) Results() (stdout, stderr string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return TrimNewline(c.stdout.String()), TrimNewline(c.stderr.String())
}

// Combined is everything the command wrote, in the order it arrived.
func (c *Capture) Combined() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.combined.String()
}

// Failure wraps the error of a failed command with the command and all it printed.
func (c *Capture) Failure(err error, command string) error {
	return fmt.Errorf("%w: running %q:\n%s", err, command, c.Combined())
}

// TrimNewline removes exactly one trailing "\n"; a "\r" before it stays.
func TrimNewline(s string) string { return strings.TrimSuffix(s, "\n") }

type lineSplitter struct {
	emit           func(string)
	stdout, stderr bool
	pending        []byte
}

func (l *lineSplitter) write(b []byte) {
	for {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			l.pending = append(l.pending, b...)
			return
		}
		line := append(l.pending, b[:i]...)
		l.pending = l.pending[:0]
		// A CRLF line is logged without its "\r", like any line reader would.
		l.emit(string(bytes.TrimSuffix(line, []byte{'\r'})))
		b = b[i+1:]
	}
}

func (l *lineSplitter) flush() {
	if len(l.pending) > 0 {
		l.emit(string(l.pending))
		l.pending = nil
	}
}
