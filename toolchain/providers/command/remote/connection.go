package remote

import (
	"time"

	"github.com/pulumi/pulumi-go-provider/infer"

	"paas.local/toolchain/providers/command/sshconn"
)

// Connection says how to reach the remote host over SSH.
type Connection struct {
	Host               string           `pulumi:"host"`
	Port               *float64         `pulumi:"port,optional"`
	User               *string          `pulumi:"user,optional"`
	Password           *string          `pulumi:"password,optional" provider:"secret"`
	PrivateKey         *string          `pulumi:"privateKey,optional" provider:"secret"`
	PrivateKeyPassword *string          `pulumi:"privateKeyPassword,optional" provider:"secret"`
	AgentSocketPath    *string          `pulumi:"agentSocketPath,optional"`
	DialErrorLimit     *int             `pulumi:"dialErrorLimit,optional"`
	PerDialTimeout     *int             `pulumi:"perDialTimeout,optional"`
	HostKey            *string          `pulumi:"hostKey,optional"`
	Proxy              *ProxyConnection `pulumi:"proxy,optional"`
}

func (c *Connection) Annotate(a infer.Annotator) {
	a.Describe(&c, "Instructions for how to connect to a remote endpoint.")
	a.Describe(&c.Host, "The address of the resource to connect to.")
	a.Describe(&c.Port, "The port to connect to. Defaults to 22.")
	a.SetDefault(&c.Port, 22.0)
	a.Describe(&c.User, "The user that we should use for the connection.")
	a.SetDefault(&c.User, "root")
	a.Describe(&c.Password, "The password we should use for the connection.")
	a.Describe(&c.PrivateKey, "The contents of an SSH key to use for the connection. This takes preference over the password if provided.")
	a.Describe(&c.PrivateKeyPassword, "The password to use in case the private key is encrypted.")
	a.Describe(&c.AgentSocketPath, "SSH Agent socket path. Default to environment variable SSH_AUTH_SOCK if present.")
	a.Describe(&c.DialErrorLimit, "Max allowed errors on trying to dial the remote host. -1 set count to unlimited. Default value is 10.")
	a.SetDefault(&c.DialErrorLimit, 10)
	a.Describe(&c.PerDialTimeout, "Max number of seconds for each dial attempt. 0 implies no maximum. Default value is 15 seconds.")
	a.SetDefault(&c.PerDialTimeout, 15)
	a.Describe(&c.HostKey, "The expected host key to verify the server's identity. If not provided, the host key will be ignored.")
	a.Describe(&c.Proxy, "The connection settings for the bastion/proxy host.")
}

// ProxyConnection says how to reach the bastion host the connection goes through.
type ProxyConnection struct {
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

func (c *ProxyConnection) Annotate(a infer.Annotator) {
	a.Describe(&c, "Instructions for how to connect to a remote endpoint via a bastion host.")
	a.Describe(&c.Host, "The address of the bastion host to connect to.")
	a.Describe(&c.Port, "The port of the bastion host to connect to.")
	a.SetDefault(&c.Port, 22.0)
	a.Describe(&c.User, "The user that we should use for the connection to the bastion host.")
	a.SetDefault(&c.User, "root")
	a.Describe(&c.Password, "The password we should use for the connection to the bastion host.")
	a.Describe(&c.PrivateKey, "The contents of an SSH key to use for the connection. This takes preference over the password if provided.")
	a.Describe(&c.PrivateKeyPassword, "The password to use in case the private key is encrypted.")
	a.Describe(&c.AgentSocketPath, "SSH Agent socket path. Default to environment variable SSH_AUTH_SOCK if present.")
	a.Describe(&c.DialErrorLimit, "Max allowed errors on trying to dial the remote host. -1 set count to unlimited. Default value is 10.")
	a.SetDefault(&c.DialErrorLimit, 10)
	a.Describe(&c.PerDialTimeout, "Max number of seconds for each dial attempt. 0 implies no maximum. Default value is 15 seconds.")
	a.SetDefault(&c.PerDialTimeout, 15)
	a.Describe(&c.HostKey, "The expected host key to verify the server's identity. If not provided, the host key will be ignored.")
}

// target turns the connection into what sshconn dials. Unset fields get the schema defaults
// too, so a state written without them still connects.
func (c Connection) target() sshconn.Target {
	t := sshconn.Target{Endpoint: endpoint(c.Host, c.Port, c.User, c.Password, c.PrivateKey,
		c.PrivateKeyPassword, c.AgentSocketPath, c.DialErrorLimit, c.PerDialTimeout, c.HostKey)}
	if p := c.Proxy; p != nil {
		e := endpoint(p.Host, p.Port, p.User, p.Password, p.PrivateKey,
			p.PrivateKeyPassword, p.AgentSocketPath, p.DialErrorLimit, p.PerDialTimeout, p.HostKey)
		t.Proxy = &e
	}
	return t
}

func endpoint(host string, port *float64, user, password, key, keyPassword, agent *string,
	dialErrorLimit, perDialTimeout *int, hostKey *string,
) sshconn.Endpoint {
	e := sshconn.Endpoint{
		Host:               host,
		Port:               22,
		User:               "root",
		Password:           deref(password),
		PrivateKey:         deref(key),
		PrivateKeyPassword: deref(keyPassword),
		AgentSocketPath:    deref(agent),
		HostKey:            deref(hostKey),
		DialErrorLimit:     10,
		PerDialTimeout:     15 * time.Second,
	}
	if port != nil {
		e.Port = int(*port)
	}
	if user != nil {
		e.User = *user
	}
	if dialErrorLimit != nil {
		e.DialErrorLimit = *dialErrorLimit
	}
	if perDialTimeout != nil {
		e.PerDialTimeout = time.Duration(*perDialTimeout) * time.Second
	}
	return e
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
