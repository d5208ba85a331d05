package sshconn

import (
	"context"
	"fmt"
	"net"

	"golang.org/x/crypto/ssh"
)

// Client is an open connection to the target. Close ends it together with the bastion
// connection and agent sockets it depends on.
type Client struct {
	*ssh.Client
	closers []func()
}

// Close closes the target connection first, then what it was tunnelled through.
func (c *Client) Close() error {
	err := c.Client.Close()
	for i := len(c.closers) - 1; i >= 0; i-- {
		c.closers[i]()
	}
	return err
}

// Dial connects to the target, through its proxy when it has one, retrying each hop as the
// endpoints' dial limits allow. status receives the retry messages.
func Dial(ctx context.Context, t Target, status func(string)) (*Client, error) {
	cfg, err := newClientConfig(t.Endpoint)
	if err != nil {
		return nil, err
	}
	if t.Proxy == nil {
		var client *ssh.Client
		err := retry(ctx, "Dial", t.DialErrorLimit, status, func(ctx context.Context) error {
			var err error
			client, err = dialDirect(ctx, t.Endpoint, cfg)
			return err
		})
		if err != nil {
			cfg.close()
			return nil, err
		}
		return &Client{Client: client, closers: []func(){cfg.close}}, nil
	}

	client, err := dialThroughProxy(ctx, t, cfg, status)
	if err != nil {
		cfg.close()
		return nil, fmt.Errorf("proxy: %w", err)
	}
	return client, nil
}

func dialThroughProxy(ctx context.Context, t Target, cfg clientConfig, status func(string)) (*Client, error) {
	proxyCfg, err := newClientConfig(*t.Proxy)
	if err != nil {
		return nil, err
	}
	var bastion *ssh.Client
	err = retry(ctx, "Dial proxy", t.Proxy.DialErrorLimit, status, func(ctx context.Context) error {
		var err error
		bastion, err = dialDirect(ctx, *t.Proxy, proxyCfg)
		return err
	})
	if err != nil {
		proxyCfg.close()
		return nil, err
	}
	closeBastion := func() { _ = bastion.Close(); proxyCfg.close() }

	var tunnel net.Conn
	err = retry(ctx, "Dial from proxy", t.DialErrorLimit, status, func(context.Context) error {
		var err error
		tunnel, err = bastion.Dial("tcp", t.Address())
		return err
	})
	if err != nil {
		closeBastion()
		return nil, err
	}

	var client *ssh.Client
	err = retry(ctx, "Dial", t.DialErrorLimit, status, func(ctx context.Context) error {
		if tunnel == nil {
			// A failed handshake used up the last tunnel.
			var err error
			if tunnel, err = bastion.Dial("tcp", t.Address()); err != nil {
				return err
			}
		}
		var err error
		client, err = handshake(ctx, tunnel, t.Address(), cfg)
		if err != nil {
			tunnel = nil
		}
		return err
	})
	if err != nil {
		closeBastion()
		return nil, err
	}
	return &Client{Client: client, closers: []func(){closeBastion, cfg.close}}, nil
}

// dialDirect makes one attempt: a TCP connect bounded by PerDialTimeout, then the handshake.
func dialDirect(ctx context.Context, e Endpoint, cfg clientConfig) (*ssh.Client, error) {
	d := net.Dialer{Timeout: e.PerDialTimeout}
	conn, err := d.DialContext(ctx, "tcp", e.Address())
	if err != nil {
		return nil, err
	}
	return handshake(ctx, conn, e.Address(), cfg)
}

// handshake runs the SSH handshake on conn; cancelling ctx aborts it. conn is closed on
// failure. A server without the pinned host key fails it for good (a finalError).
func handshake(ctx context.Context, conn net.Conn, addr string, cfg clientConfig) (*ssh.Client, error) {
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stop()
	c, chans, reqs, err := ssh.NewClientConn(conn, addr, cfg.ClientConfig)
	if err != nil {
		_ = conn.Close()
		if mismatch := finalHandshakeError(err, addr, cfg.pinned); mismatch != nil {
			return nil, finalError{mismatch}
		}
		return nil, err
	}
	return ssh.NewClient(c, chans, reqs), nil
}
