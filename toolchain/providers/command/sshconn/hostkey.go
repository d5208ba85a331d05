package sshconn

import (
	"errors"
	"fmt"
	"net"
	"strings"

	"golang.org/x/crypto/ssh"
)

// HostKeyMismatchError says that the server presented another key than the pinned one. It is
// final: retrying would only hand the same impostor (or rebuilt server) another attempt, and
// nothing is sent before the host key is checked.
type HostKeyMismatchError struct {
	Address string
	// Presented is the fingerprint of the key the server showed ("" when it offered no key of
	// the pinned key's type).
	Presented string
	Pinned    string
	KeyType   string
}

func (e *HostKeyMismatchError) Error() string {
	presented := e.Presented
	if presented == "" {
		presented = "no " + e.KeyType + " key"
	}
	return fmt.Sprintf("ssh: host key mismatch at %s: the server presents %s, but hostKey pins %s %s;"+
		" nothing was sent to it. If the server was rebuilt, give its new key as hostKey; otherwise another machine answers at this address",
		e.Address, presented, e.KeyType, e.Pinned)
}

// pinnedHostKey accepts exactly KEY, and fails with a HostKeyMismatchError naming both
// fingerprints for any other.
func pinnedHostKey(key ssh.PublicKey) ssh.HostKeyCallback {
	want := key.Marshal()
	return func(_ string, remote net.Addr, presented ssh.PublicKey) error {
		if string(presented.Marshal()) == string(want) {
			return nil
		}
		return &HostKeyMismatchError{
			Address:   remote.String(),
			Presented: presented.Type() + " " + ssh.FingerprintSHA256(presented),
			Pinned:    ssh.FingerprintSHA256(key),
			KeyType:   key.Type(),
		}
	}
}

// finalHandshakeError turns a handshake failure that no retry can mend into a
// HostKeyMismatchError: a presented key that is not the pinned one, or a server that has no
// key of the pinned key's type at all.
func finalHandshakeError(err error, addr string, pinned ssh.PublicKey) error {
	var mismatch *HostKeyMismatchError
	if errors.As(err, &mismatch) {
		return mismatch
	}
	if pinned != nil && strings.Contains(err.Error(), "no common algorithm for host key") {
		return &HostKeyMismatchError{Address: addr, Pinned: ssh.FingerprintSHA256(pinned), KeyType: pinned.Type()}
	}
	return nil
}
