package remote

import (
	"context"
	"testing"
	"time"

	"paas.local/toolchain/providers/command/internal/diag"
	"paas.local/toolchain/providers/command/internal/sshtest"
)

func ptr[T any](v T) *T { return &v }

// testContext records what is logged and bounds the test, so that a hang fails it.
func testContext(t *testing.T) (context.Context, *diag.Recorder) {
	t.Helper()
	rec := &diag.Recorder{}
	ctx, cancel := context.WithTimeout(diag.WithLogger(context.Background(), rec), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx, rec
}

// connection is how the resources reach s, with the defaults Check would fill in.
func connection(s *sshtest.Server) Connection {
	return Connection{
		Host:           s.Host,
		Port:           ptr(float64(s.Port)),
		User:           ptr(s.User),
		PrivateKey:     ptr(s.ClientKey),
		DialErrorLimit: ptr(10),
		PerDialTimeout: ptr(15),
	}
}

// waitClosed waits until the server has seen every connection close.
func waitClosed(t *testing.T, s *sshtest.Server) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for s.Open() != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d connections left open", s.Open())
		}
		time.Sleep(10 * time.Millisecond)
	}
}
