package config

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/linode/linodego"
)

// UserAgent names this plugin to Linode, after uaPrefix and before TF_APPEND_USER_AGENT.
func (c Config) UserAgent(version string) string {
	ua := "pulumi-resource-linode/" + version + " " + linodego.DefaultUserAgent
	if c.UAPrefix != "" {
		ua = c.UAPrefix + " " + ua
	}
	if extra := strings.TrimSpace(os.Getenv("TF_APPEND_USER_AGENT")); extra != "" {
		ua += " " + extra
	}
	return ua
}

// Client makes the linodego client as Linode's Terraform provider does: the URL's path is
// kept and the API version appended (so https://api.linode.com becomes .../v4), the token
// from config, else LINODE_TOKEN, else the linode-cli config file when it exists.
func (c Config) Client(version string) (*linodego.Client, error) {
	client := linodego.NewClient(&http.Client{Transport: http.DefaultTransport})
	client.SetBaseURL(c.URL)
	client.SetAPIVersion(c.APIVersion)
	client.SetUserAgent(c.UserAgent(version))
	if c.APICAPath != "" {
		client.SetRootCertificate(c.APICAPath)
	}
	switch {
	case c.Token != "":
		client.SetToken(c.Token)
	case c.ConfigPath != "":
		if _, err := os.Stat(c.ConfigPath); err == nil {
			if err := client.LoadConfig(&linodego.LoadConfigOptions{Path: c.ConfigPath, Profile: c.ConfigProfile}); err != nil {
				return nil, fmt.Errorf("failed to load the Linode config file %s: %w", c.ConfigPath, err)
			}
			// The file's URL must not override linode:url when that was given.
			client.SetBaseURL(c.URL)
			client.SetAPIVersion(c.APIVersion)
		}
	}
	client.SetPollDelay(c.EventPoll)
	if c.MinRetryDelay > 0 {
		client.SetRetryWaitTime(c.MinRetryDelay)
	}
	if c.MaxRetryDelay > 0 {
		client.SetRetryMaxWaitTime(c.MaxRetryDelay)
	}
	if c.DisableInternalCache {
		client.UseCache(false)
	}
	// A 500 on an instance's IP list is transient on Linode's side; linodego does not retry it.
	client.AddRetryCondition(func(r *linodego.Response, _ error) bool {
		return r != nil && r.StatusCode() == http.StatusInternalServerError &&
			r.Request != nil && r.Request.Method == http.MethodGet && strings.HasSuffix(r.Request.URL, "/ips")
	})
	return &client, nil
}

// Ping is the call Linode's Terraform provider makes on every configure: a list of plan types
// at page 100 (linodego's NewListOptions takes the page first). Any error fails the configure.
func Ping(ctx context.Context, client *linodego.Client) error {
	if _, err := client.ListTypes(ctx, linodego.NewListOptions(100, "")); err != nil {
		return fmt.Errorf("Error connecting to the Linode API: %w", err)
	}
	return nil
}
