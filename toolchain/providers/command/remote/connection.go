package remote

import (
	"time"

	"github.com/pulumi/pulumi-go-provider/infer"

	"paas.local/toolchain/providers/command/sshconn"
)

// Connection says how to reach the remote host over SSH.
type Connection struct {
	Endpoint
	Proxy *ProxyConnection `pulumi:"proxy,optional"`
}

func (c *Connection) Annotate(a infer.Annotator) {
	a.Describe(&c, "Instructions for how to connect to a remote endpoint.")
	a.Describe(&c.Host, "The address of the resource to connect to.")
	a.Describe(&c.Port, "The port to connect to. Defaults to 22.")
	a.Describe(&c.User, "The user that we should use for the connection.")
	a.Describe(&c.Password, "The password we should use for the connection.")
	a.Describe(&c.Proxy, "The connection settings for the bastion/proxy host.")
}

// ProxyConnection says how to reach the bastion host the connection goes through.
type ProxyConnection struct {
	Endpoint
}

func (c *ProxyConnection) Annotate(a infer.Annotator) {
	a.Describe(&c, "Instructions for how to connect to a remote endpoint via a bastion host.")
	a.Describe(&c.Host, "The address of the bastion host to connect to.")
	a.Describe(&c.Port, "The port of the bastion host to connect to.")
	a.Describe(&c.User, "The user that we should use for the connection to the bastion host.")
	a.Describe(&c.Password, "The password we should use for the connection to the bastion host.")
}

// Endpoint holds the settings Connection and ProxyConnection share. Its descriptions and
// defaults apply to both; each describes its host, port, user and password in its own words.
type Endpoint struct {
	Host               string   `pulumi:"host"`
	Port               *float64 `pulumi:"port,optional"`
	User               *string  `pulumi:"user,optional"`
	Password           *string  `pulumi:"password,optional" provider:"secret"`
	PrivateKey         *string  `pulumi:"privateKey,optional" provider:"secret"`
	PrivateKeyPassword *string  `pulumi:"privateKeyPassword,optional" provider:"secret"`
	AgentSocketPath    *string  `pulumi:"agentSocketPath,optional"`
	DialErrorLimit     *int     `pulumi:"dialErrorLimit,optional"`
	PerDialTimeout     *int     `pulumi:"perDialTimeout,optional"`
	HostKey            *string  `pulumi:"hostKey,optional"`
}

func (e *Endpoint) Annotate(a infer.Annotator) {
	a.SetDefault(&e.Port, 22.0)
	a.SetDefault(&e.User, "root")
	a.Describe(&e.PrivateKey, "The contents of an SSH key to use for the connection. This takes preference over the password if provided.")
	a.Describe(&e.PrivateKeyPassword, "The password to use in case the private key is encrypted.")
	a.Describe(&e.AgentSocketPath, "SSH Agent socket path. Default to environment variable SSH_AUTH_SOCK if present.")
	a.Describe(&e.DialErrorLimit, "Max allowed errors on trying to dial the remote host. -1 set count to unlimited. Default value is 10.")
	a.SetDefault(&e.DialErrorLimit, 10)
	a.Describe(&e.PerDialTimeout, "Max number of seconds for each dial attempt. 0 implies no maximum. Default value is 15 seconds.")
	a.SetDefault(&e.PerDialTimeout, 15)
	a.Describe(&e.HostKey, "The expected host key to verify the server's identity. If not provided, the host key will be ignored.")
}

// target turns the connection into what sshconn dials.
func (c Connection) target() sshconn.Target {
	t := sshconn.Target{Endpoint: c.endpoint()}
	if c.Proxy != nil {
		e := c.Proxy.endpoint()
		t.Proxy = &e
	}
	return t
}

// endpoint fills unset fields with the schema defaults too, so a state written without them
// still connects.
func (e Endpoint) endpoint() sshconn.Endpoint {
	out := sshconn.Endpoint{
		Host:               e.Host,
		Port:               22,
		User:               "root",
		Password:           deref(e.Password),
		PrivateKey:         deref(e.PrivateKey),
		PrivateKeyPassword: deref(e.PrivateKeyPassword),
		AgentSocketPath:    deref(e.AgentSocketPath),
		HostKey:            deref(e.HostKey),
		DialErrorLimit:     10,
		PerDialTimeout:     15 * time.Second,
	}
	if e.Port != nil {
		out.Port = int(*e.Port)
	}
	if e.User != nil {
		out.User = *e.User
	}
	if e.DialErrorLimit != nil {
		out.DialErrorLimit = *e.DialErrorLimit
	}
	if e.PerDialTimeout != nil {
		out.PerDialTimeout = time.Duration(*e.PerDialTimeout) * time.Second
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
