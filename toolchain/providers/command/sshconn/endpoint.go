// Package sshconn opens SSH connections the way the remote resources describe them: a client
// configuration from key, password or agent, optional host-key pinning, dial retries with
// back-off, and an optional bastion host.
package sshconn

import (
	"net"
	"strconv"
	"time"
)

// Endpoint is one SSH server and how to log in to it. Empty strings mean "not set".
type Endpoint struct {
	Host               string
	Port               int
	User               string
	Password           string
	PrivateKey         string
	PrivateKeyPassword string
	// AgentSocketPath is the agent's socket; empty means $SSH_AUTH_SOCK.
	AgentSocketPath string
	// HostKey is the server key the server must present, as an authorized_keys line.
	HostKey string
	// DialErrorLimit is how many failed attempts are tolerated before giving up; negative
	// means no limit.
	DialErrorLimit int
	// PerDialTimeout bounds each TCP connect; zero means no bound.
	PerDialTimeout time.Duration
}

// Address is host:port, with IPv6 hosts bracketed.
func (e Endpoint) Address() string { return net.JoinHostPort(e.Host, strconv.Itoa(e.Port)) }

// Target is the server to reach, directly or through Proxy.
type Target struct {
	Endpoint
	Proxy *Endpoint
}
