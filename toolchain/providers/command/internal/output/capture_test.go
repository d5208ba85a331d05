package output

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

func TestTrimNewlineRemovesExactlyOne(t *testing.T) {
	for in, want := range map[string]string{
		"x\n":    "x",
		"x\n\n":  "x\n",
		"x\r\n":  "x\r",
		"x":      "x",
		"":       "",
		"  x \n": "  x ",
	} {
		if got := TrimNewline(in); got != want {
			t.Errorf("TrimNewline(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLinesOfBothStreamsAreLoggedInOrder(t *testing.T) {
	var lines []string
	c := New(func(l string) { lines = append(lines, l) }, true, true)
	io.WriteString(c.Stdout(), "one\ntw")
	io.WriteString(c.Stdout(), "o\n\n")
	io.WriteString(c.Stderr(), "err\r\n")
	io.WriteString(c.Stdout(), "last")
	c.Flush()
	want := []string{"one", "two", "", "err", "last"}
	if fmt.Sprint(lines) != fmt.Sprint(want) {
		t.Fatalf("lines %q, want %q", lines, want)
	}
	stdout, stderr := c.Results()
	if stdout != "one\ntwo\n\nlast" || stderr != "err\r" {
		t.Fatalf("results %q %q", stdout, stderr)
	}
	if c.Combined() != "one\ntwo\n\nerr\r\nlast" {
		t.Fatalf("combined %q", c.Combined())
	}
}

func TestOnlySelectedStreamsAreLogged(t *testing.T) {
	for _, tc := range []struct {
		stdout, stderr bool
		want           string
	}{
		{true, false, "[out]"},
		{false, true, "[err]"},
		{false, false, "[]"},
	} {
		var lines []string
		c := New(func(l string) { lines = append(lines, l) }, tc.stdout, tc.stderr)
		io.WriteString(c.Stdout(), "out\n")
		io.WriteString(c.Stderr(), "err\n")
		c.Flush()
		if fmt.Sprint(lines) != tc.want {
			t.Errorf("stdout=%v stderr=%v: lines %q, want %s", tc.stdout, tc.stderr, lines, tc.want)
		}
	}
}

func TestAVeryLongLineIsLoggedWhole(t *testing.T) {
	var lines []string
	c := New(func(l string) { lines = append(lines, l) }, true, true)
	long := strings.Repeat("x", 1<<20)
	for i := 0; i < len(long); i += 4096 {
		io.WriteString(c.Stdout(), long[i:i+4096])
	}
	io.WriteString(c.Stdout(), "\n")
	c.Flush()
	if len(lines) != 1 || lines[0] != long {
		t.Fatalf("got %d lines, first %d bytes long", len(lines), len(lines[0]))
	}
}

func TestFailureText(t *testing.T) {
	c := New(nil, true, true)
	io.WriteString(c.Stderr(), "bad\n")
	io.WriteString(c.Stdout(), "out\n")
	err := c.Failure(errors.New("exit status 3"), `echo "x"; exit 3`)
	want := "exit status 3: running \"echo \\\"x\\\"; exit 3\":\nbad\nout\n"
	if err.Error() != want {
		t.Fatalf("got %q, want %q", err.Error(), want)
	}
}
