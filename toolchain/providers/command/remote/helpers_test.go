package remote

import (
	"testing"
	"time"

	"paas.local/toolchain/providers/command/internal/sshtest"
)

func ptr[T any](v T) *T { return &v }

// connection is how the resources reach s, with the defaults Check would fill in.
func connection(s *sshtest.Server) Connection {
	return Connection{Endpoint: Endpoint{
		Host:           s.Host,
		Port:           ptr(float64(s.Port)),
		User:           ptr(s.User),
		PrivateKey:     ptr(s.ClientKey),
		DialErrorLimit: ptr(10),
		PerDialTimeout: ptr(15),
	}}
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
