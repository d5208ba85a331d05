package sshconn

import (
	"context"
	"errors"
	"fmt"
	"crypto/rand"
	"crypto/rsa"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"paas.local/toolchain/providers/command/internal/sshtest"
)

func target(s *sshtest.Server) Target {
	return Target{Endpoint: Endpoint{
		Host: s.Host, Port: s.Port, User: s.User, PrivateKey: s.ClientKey,
		DialErrorLimit: 10, PerDialTimeout: 15 * time.Second,
	}}
}

// whoami runs a command over a fresh connection, proving it logged in.
func whoami(t *testing.T, c *Client) string {
	t.Helper()
	session, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer session.Close()
	out, err := session.Output("echo connected")
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}

// waitClosed waits until the server has seen every connection close.
func waitClosed(t *testing.T, servers ...*sshtest.Server) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for _, s := range servers {
		for s.Open() != 0 {
			if time.Now().After(deadline) {
				t.Fatalf("server on port %d still has %d open connections", s.Port, s.Open())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

func TestDialWithKeyAndClose(t *testing.T) {
	s := sshtest.Start(t, sshtest.Options{})
	c, err := Dial(context.Background(), target(s), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := whoami(t, c); got != "connected" {
		t.Fatalf("got %q", got)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	waitClosed(t, s)
}

func TestDialWithPassword(t *testing.T) {
	s := sshtest.Start(t, sshtest.Options{Password: "hunter2"})
	tg := target(s)
	tg.PrivateKey = ""
	tg.Password = "hunter2"
	t.Setenv("SSH_AUTH_SOCK", "")
	c, err := Dial(context.Background(), tg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	whoami(t, c)
}

func TestDialRetriesDroppedConnections(t *testing.T) {
	s := sshtest.Start(t, sshtest.Options{Drop: 2})
	tg := target(s)
	tg.DialErrorLimit = 2
	var status []string
	c, err := Dial(context.Background(), tg, func(m string) { status = append(status, m) })
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	whoami(t, c)
	if s.Attempts() != 3 {
		t.Fatalf("%d attempts, want 3", s.Attempts())
	}
	want := []string{"Dial 1/2 failed: retrying", "Dial 2/2 failed: retrying"}
	if strings.Join(status, "|") != strings.Join(want, "|") {
		t.Fatalf("status %q, want %q", status, want)
	}
}

func TestDialGivesUpAfterTheLimit(t *testing.T) {
	s := sshtest.Start(t, sshtest.Options{Drop: -1})
	tg := target(s)
	tg.DialErrorLimit = 1
	_, err := Dial(context.Background(), tg, nil)
	if err == nil || !strings.HasPrefix(err.Error(), "after 1 failed attempts: ") {
		t.Fatalf("err = %v", err)
	}
	if s.Attempts() != 2 {
		t.Fatalf("%d attempts, want 2", s.Attempts())
	}
}

func TestDialZeroLimitMeansOneAttempt(t *testing.T) {
	s := sshtest.Start(t, sshtest.Options{Drop: -1})
	tg := target(s)
	tg.DialErrorLimit = 0
	_, err := Dial(context.Background(), tg, nil)
	if err == nil || !strings.HasPrefix(err.Error(), "after 0 failed attempts: ") {
		t.Fatalf("err = %v", err)
	}
	if s.Attempts() != 1 {
		t.Fatalf("%d attempts, want 1", s.Attempts())
	}
}

func TestHostKeyPinning(t *testing.T) {
	s := sshtest.Start(t, sshtest.Options{})
	tg := target(s)
	tg.HostKey = s.AuthorizedKey()
	c, err := Dial(context.Background(), tg, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	// The server has counted that login once it has seen it close.
	waitClosed(t, s)
	before := s.Logins()

	other := sshtest.NewEd25519Signer(t).PublicKey()
	tg.HostKey = string(ssh.MarshalAuthorizedKey(other))
	tg.DialErrorLimit = 5
	_, err = Dial(context.Background(), tg, nil)
	var mismatch *HostKeyMismatchError
	if !errors.As(err, &mismatch) {
		t.Fatalf("err = %v, want a host key mismatch", err)
	}
	want := fmt.Sprintf("ssh: host key mismatch at %s: the server presents ssh-ed25519 %s, but hostKey pins ssh-ed25519 %s;"+
		" nothing was sent to it.", tg.Address(), ssh.FingerprintSHA256(s.HostKey), ssh.FingerprintSHA256(other))
	if !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("err = %q\nwant it to start %q", err, want)
	}
	if s.Attempts() != 2 {
		t.Fatalf("%d attempts, want 1 + 1: a mismatch is not retried", s.Attempts())
	}
	if s.Logins() != before {
		t.Fatalf("%d logins, want %d: nothing is sent to a server with another key", s.Logins(), before)
	}

	// A pinned key of a type the server does not hold is a mismatch too, and just as final.
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	rsaPub, err := ssh.NewPublicKey(&rsaKey.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	tg.HostKey = string(ssh.MarshalAuthorizedKey(rsaPub))
	_, err = Dial(context.Background(), tg, nil)
	want = fmt.Sprintf("ssh: host key mismatch at %s: the server presents no ssh-rsa key, but hostKey pins ssh-rsa %s;",
		tg.Address(), ssh.FingerprintSHA256(rsaPub))
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("err = %v\nwant it to start %q", err, want)
	}
	if s.Attempts() != 3 {
		t.Fatalf("%d attempts, want one more", s.Attempts())
	}

	tg.HostKey = "not a key"
	_, err = Dial(context.Background(), tg, nil)
	if err == nil || !strings.HasPrefix(err.Error(), "failed to parse host key: ") {
		t.Fatalf("err = %v", err)
	}
}

// OpenSSH 8.8 and later no longer sign with ssh-rsa (SHA-1); a pinned RSA key must still work.
func TestRSAHostKeyAgainstSHA2OnlyServer(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(key)
	if err != nil {
		t.Fatal(err)
	}
	sha2, err := ssh.NewSignerWithAlgorithms(signer.(ssh.AlgorithmSigner),
		[]string{ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256})
	if err != nil {
		t.Fatal(err)
	}
	s := sshtest.Start(t, sshtest.Options{HostKey: sha2})
	tg := target(s)
	tg.HostKey = s.AuthorizedKey()
	tg.DialErrorLimit = 0
	c, err := Dial(context.Background(), tg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	whoami(t, c)
}

func TestBadPrivateKeyFailsWithoutDialling(t *testing.T) {
	s := sshtest.Start(t, sshtest.Options{})
	tg := target(s)
	tg.PrivateKey = "garbage"
	if _, err := Dial(context.Background(), tg, nil); err == nil {
		t.Fatal("no error")
	}
	if s.Attempts() != 0 {
		t.Fatalf("%d attempts, want none", s.Attempts())
	}
}

func TestAgent(t *testing.T) {
	s := sshtest.Start(t, sshtest.Options{})
	socket := s.StartAgent(t)
	tg := target(s)
	tg.PrivateKey = ""

	t.Run("named socket", func(t *testing.T) {
		t.Setenv("SSH_AUTH_SOCK", "")
		tg := tg
		tg.AgentSocketPath = socket
		c, err := Dial(context.Background(), tg, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		whoami(t, c)
	})
	t.Run("SSH_AUTH_SOCK", func(t *testing.T) {
		t.Setenv("SSH_AUTH_SOCK", socket)
		c, err := Dial(context.Background(), tg, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		whoami(t, c)
	})
	t.Run("a named socket that is missing fails", func(t *testing.T) {
		tg := target(s)
		tg.AgentSocketPath = filepath.Join(t.TempDir(), "missing.sock")
		_, err := Dial(context.Background(), tg, nil)
		if err == nil || !strings.Contains(err.Error(), "no such file or directory") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("a stale SSH_AUTH_SOCK beside a key is skipped", func(t *testing.T) {
		t.Setenv("SSH_AUTH_SOCK", filepath.Join(t.TempDir(), "stale.sock"))
		c, err := Dial(context.Background(), target(s), nil)
		if err != nil {
			t.Fatal(err)
		}
		c.Close()
	})
}

func TestDialThroughProxy(t *testing.T) {
	bastion := sshtest.Start(t, sshtest.Options{})
	s := sshtest.Start(t, sshtest.Options{})
	tg := target(s)
	proxy := target(bastion).Endpoint
	tg.Proxy = &proxy
	c, err := Dial(context.Background(), tg, nil)
	if err != nil {
		t.Fatal(err)
	}
	whoami(t, c)
	if bastion.Logins() != 1 || s.Logins() != 1 {
		t.Fatalf("logins: bastion %d, target %d; want 1 each", bastion.Logins(), s.Logins())
	}
	c.Close()
	waitClosed(t, s, bastion)
}

func TestProxyErrorsArePrefixed(t *testing.T) {
	bastion := sshtest.Start(t, sshtest.Options{Drop: -1})
	s := sshtest.Start(t, sshtest.Options{})
	tg := target(s)
	proxy := target(bastion).Endpoint
	proxy.DialErrorLimit = 1
	tg.Proxy = &proxy
	var status []string
	_, err := Dial(context.Background(), tg, func(m string) { status = append(status, m) })
	if err == nil || !strings.HasPrefix(err.Error(), "proxy: after 1 failed attempts: ") {
		t.Fatalf("err = %v", err)
	}
	if len(status) != 1 || status[0] != "Dial proxy 1/1 failed: retrying" {
		t.Fatalf("status %q", status)
	}
	if s.Attempts() != 0 {
		t.Fatal("the target was dialled directly")
	}
}

func TestTunnelToAMissingTargetIsRetriedWithTheTargetsLimit(t *testing.T) {
	bastion := sshtest.Start(t, sshtest.Options{})
	s := sshtest.Start(t, sshtest.Options{})
	tg := target(s)
	tg.Port = 1 // nothing listens there
	tg.DialErrorLimit = 1
	proxy := target(bastion).Endpoint
	tg.Proxy = &proxy
	var status []string
	_, err := Dial(context.Background(), tg, func(m string) { status = append(status, m) })
	if err == nil || !strings.HasPrefix(err.Error(), "proxy: after 1 failed attempts: ") {
		t.Fatalf("err = %v", err)
	}
	if len(status) != 1 || status[0] != "Dial from proxy 1/1 failed: retrying" {
		t.Fatalf("status %q", status)
	}
	waitClosed(t, bastion)
}
