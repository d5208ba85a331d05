// Package sshtest is an SSH and SFTP server on loopback for tests: it runs exec requests with
// /bin/sh, serves the sftp subsystem, forwards direct-tcpip channels (to act as a bastion),
// and can refuse env requests or drop connections.
package sshtest

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"
)

// Options change how the server behaves.
type Options struct {
	// RefuseEnv makes the server answer every env request with a failure, as sshd does for
	// names its AcceptEnv does not list.
	RefuseEnv bool
	// Drop closes this many incoming TCP connections at once before serving any; a negative
	// value drops every connection.
	Drop int
	// HostKey replaces the generated ed25519 host key.
	HostKey ssh.Signer
	// Password, when set, is accepted for password and keyboard-interactive logins.
	Password string
}

// Server is a running test server.
type Server struct {
	Host string
	Port int
	// HostKey is the server's public host key.
	HostKey ssh.PublicKey
	// ClientKey is an OpenSSH private key (PEM) the server accepts.
	ClientKey string
	// User is the login name the server accepts.
	User string

	opts     Options
	listener net.Listener
	clientPK ssh.PublicKey
	config   *ssh.ServerConfig

	mu      sync.Mutex
	envSeen map[string]string

	attempts atomic.Int64 // TCP connections accepted
	logins   atomic.Int64 // SSH connections that finished the handshake
	open     atomic.Int64 // SSH connections not yet closed
	wg       sync.WaitGroup
}

// Start starts a server on 127.0.0.1 and stops it when the test ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	s := &Server{opts: opts, User: "tester", envSeen: map[string]string{}}

	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	s.ClientKey = string(pem.EncodeToMemory(block))
	if s.clientPK, err = ssh.NewPublicKey(pub); err != nil {
		t.Fatal(err)
	}

	hostKey := opts.HostKey
	if hostKey == nil {
		hostKey = NewEd25519Signer(t)
	}
	s.HostKey = hostKey.PublicKey()

	s.config = &ssh.ServerConfig{
		PublicKeyCallback: func(c ssh.ConnMetadata, key ssh.PublicKey) (*ssh.Permissions, error) {
			if c.User() == s.User && string(key.Marshal()) == string(s.clientPK.Marshal()) {
				return nil, nil
			}
			return nil, errors.New("unknown key")
		},
	}
	if opts.Password != "" {
		s.config.PasswordCallback = func(c ssh.ConnMetadata, password []byte) (*ssh.Permissions, error) {
			if c.User() == s.User && string(password) == opts.Password {
				return nil, nil
			}
			return nil, errors.New("wrong password")
		}
	}
	s.config.AddHostKey(hostKey)

	s.listener, err = net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := s.listener.Addr().(*net.TCPAddr)
	s.Host, s.Port = addr.IP.String(), addr.Port

	s.wg.Add(1)
	go s.accept()
	t.Cleanup(s.Close)
	return s
}

// NewEd25519Signer is a fresh host key.
func NewEd25519Signer(t testing.TB) ssh.Signer {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return signer
}

// Close stops accepting and waits for the accept loop to end.
func (s *Server) Close() {
	_ = s.listener.Close()
	s.wg.Wait()
}

// Attempts is how many TCP connections the server accepted, dropped ones included.
func (s *Server) Attempts() int { return int(s.attempts.Load()) }

// Logins is how many SSH connections completed the handshake.
func (s *Server) Logins() int { return int(s.logins.Load()) }

// Open is how many SSH connections are still open.
func (s *Server) Open() int { return int(s.open.Load()) }

// Env is the last value of each environment variable the server accepted.
func (s *Server) Env() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	for k, v := range s.envSeen {
		out[k] = v
	}
	return out
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		conn, err := s.listener.Accept()
		if err != nil {
			return
		}
		n := s.attempts.Add(1)
		if s.opts.Drop < 0 || n <= int64(s.opts.Drop) {
			_ = conn.Close()
			continue
		}
		go s.serve(conn)
	}
}

func (s *Server) serve(conn net.Conn) {
	sc, chans, reqs, err := ssh.NewServerConn(conn, s.config)
	if err != nil {
		_ = conn.Close()
		return
	}
	s.logins.Add(1)
	s.open.Add(1)
	defer s.open.Add(-1)
	// Commands still running when the client goes away are killed, as sshd does.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go ssh.DiscardRequests(reqs)
	for nc := range chans {
		switch nc.ChannelType() {
		case "session":
			go s.session(ctx, nc)
		case "direct-tcpip":
			go forward(nc)
		default:
			_ = nc.Reject(ssh.UnknownChannelType, "unsupported channel type")
		}
	}
	_ = sc.Wait()
}

func (s *Server) session(ctx context.Context, nc ssh.NewChannel) {
	ch, reqs, err := nc.Accept()
	if err != nil {
		return
	}
	defer ch.Close()
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	for req := range reqs {
		switch req.Type {
		case "env":
			var kv struct{ Name, Value string }
			if s.opts.RefuseEnv || ssh.Unmarshal(req.Payload, &kv) != nil {
				_ = req.Reply(false, nil)
				continue
			}
			s.mu.Lock()
			s.envSeen[kv.Name] = kv.Value
			s.mu.Unlock()
			env = append(env, kv.Name+"="+kv.Value)
			_ = req.Reply(true, nil)
		case "exec":
			var cmd struct{ Command string }
			if err := ssh.Unmarshal(req.Payload, &cmd); err != nil {
				_ = req.Reply(false, nil)
				continue
			}
			_ = req.Reply(true, nil)
			status := run(ctx, ch, cmd.Command, env)
			_, _ = ch.SendRequest("exit-status", false, ssh.Marshal(struct{ Status uint32 }{status}))
			return
		case "subsystem":
			var sub struct{ Name string }
			if err := ssh.Unmarshal(req.Payload, &sub); err != nil || sub.Name != "sftp" {
				_ = req.Reply(false, nil)
				continue
			}
			_ = req.Reply(true, nil)
			server, err := sftp.NewServer(ch)
			if err != nil {
				return
			}
			_ = server.Serve()
			return
		default:
			_ = req.Reply(false, nil)
		}
	}
}

func run(ctx context.Context, ch ssh.Channel, command string, env []string) uint32 {
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", command)
	// The whole process group goes, not only the shell.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.Env = env
	cmd.Stdin = ch
	cmd.Stdout = ch
	cmd.Stderr = ch.Stderr()
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return uint32(exit.ExitCode())
	default:
		fmt.Fprintln(ch.Stderr(), err)
		return 127
	}
}

// forward serves a direct-tcpip channel, as a bastion does for a client's tunnel.
func forward(nc ssh.NewChannel) {
	var req struct {
		Host     string
		Port     uint32
		OrigHost string
		OrigPort uint32
	}
	if err := ssh.Unmarshal(nc.ExtraData(), &req); err != nil {
		_ = nc.Reject(ssh.ConnectionFailed, "bad request")
		return
	}
	conn, err := net.Dial("tcp", net.JoinHostPort(req.Host, strconv.Itoa(int(req.Port))))
	if err != nil {
		_ = nc.Reject(ssh.ConnectionFailed, err.Error())
		return
	}
	ch, reqs, err := nc.Accept()
	if err != nil {
		_ = conn.Close()
		return
	}
	go ssh.DiscardRequests(reqs)
	done := make(chan struct{}, 2)
	go func() { _, _ = io.Copy(ch, conn); _ = ch.CloseWrite(); done <- struct{}{} }()
	go func() { _, _ = io.Copy(conn, ch); done <- struct{}{} }()
	<-done
	_ = conn.Close()
	_ = ch.Close()
}

// AuthorizedKey is the server's host key as an authorized_keys line.
func (s *Server) AuthorizedKey() string {
	return string(ssh.MarshalAuthorizedKey(s.HostKey))
}
