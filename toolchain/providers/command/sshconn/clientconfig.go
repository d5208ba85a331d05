package sshconn

import (
	"fmt"
	"net"
	"os"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// clientConfig is an ssh.ClientConfig plus the agent connection it may hold open.
type clientConfig struct {
	*ssh.ClientConfig
	agentConn net.Conn
	// pinned is the host key the server must present; nil accepts any.
	pinned ssh.PublicKey
}

func (c clientConfig) close() {
	if c.agentConn != nil {
		_ = c.agentConn.Close()
	}
}

// newClientConfig builds the client side of the handshake. Authentication methods are offered
// in a fixed order: private key, password, keyboard-interactive (answered with the password),
// then the agent's keys.
func newClientConfig(e Endpoint) (clientConfig, error) {
	cfg := &ssh.ClientConfig{User: e.User}
	var pinned ssh.PublicKey

	if e.HostKey != "" {
		key, _, _, _, err := ssh.ParseAuthorizedKey([]byte(e.HostKey))
		if err != nil {
			return clientConfig{}, fmt.Errorf("failed to parse host key: %w", err)
		}
		pinned = key
		cfg.HostKeyCallback = pinnedHostKey(key)
		cfg.HostKeyAlgorithms = hostKeyAlgorithms(key)
	} else {
		cfg.HostKeyCallback = ssh.InsecureIgnoreHostKey() //nolint:gosec // pinning is opt-in through hostKey
	}

	if e.PrivateKey != "" {
		var signer ssh.Signer
		var err error
		if e.PrivateKeyPassword != "" {
			signer, err = ssh.ParsePrivateKeyWithPassphrase([]byte(e.PrivateKey), []byte(e.PrivateKeyPassword))
		} else {
			signer, err = ssh.ParsePrivateKey([]byte(e.PrivateKey))
		}
		if err != nil {
			return clientConfig{}, err
		}
		cfg.Auth = append(cfg.Auth, ssh.PublicKeys(signer))
	}

	if e.Password != "" {
		cfg.Auth = append(cfg.Auth, ssh.Password(e.Password))
		password := e.Password
		cfg.Auth = append(cfg.Auth, ssh.KeyboardInteractive(
			func(_, _ string, questions []string, _ []bool) ([]string, error) {
				answers := make([]string, len(questions))
				for i := range answers {
					answers[i] = password
				}
				return answers, nil
			}))
	}

	out := clientConfig{ClientConfig: cfg, pinned: pinned}
	socket, explicit := e.AgentSocketPath, e.AgentSocketPath != ""
	if !explicit {
		socket = os.Getenv("SSH_AUTH_SOCK")
	}
	if socket != "" {
		conn, err := net.Dial("unix", socket)
		switch {
		case err == nil:
			out.agentConn = conn
			cfg.Auth = append(cfg.Auth, ssh.PublicKeysCallback(agent.NewClient(conn).Signers))
		case explicit || len(cfg.Auth) == 0:
			// An agent the user named, or the only way to log in, must work; a stale
			// SSH_AUTH_SOCK beside a key or password is skipped.
			return clientConfig{}, err
		}
	}
	return out, nil
}

// hostKeyAlgorithms are the signature algorithms to accept for a pinned key. An RSA key may
// sign with SHA-2 as well as SHA-1: servers that dropped ssh-rsa still work.
func hostKeyAlgorithms(key ssh.PublicKey) []string {
	if key.Type() == ssh.KeyAlgoRSA {
		return []string{ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256, ssh.KeyAlgoRSA}
	}
	return []string{key.Type()}
}
