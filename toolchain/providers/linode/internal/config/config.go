// Package config reads the provider's configuration (which arrives as strings from stack
// config) and makes the linodego client the resources use.
package config

import (
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Config is the provider configuration, with TF's environment fallbacks and defaults applied.
type Config struct {
	Token         string
	URL           string
	APIVersion    string
	UAPrefix      string
	APICAPath     string
	ConfigPath    string
	ConfigProfile string

	SkipInstanceReadyPoll  bool
	SkipInstanceDeletePoll bool
	SkipImplicitReboots    bool
	DisableInternalCache   bool

	EventPoll     time.Duration
	MinRetryDelay time.Duration
	MaxRetryDelay time.Duration
}

// Failure is a config key with a value the provider cannot use.
type Failure struct {
	Key    string
	Reason string
}

func (f Failure) Error() string { return fmt.Sprintf("linode:%s: %s", f.Key, f.Reason) }

// text reads a key as a string; numbers and booleans (from a Provider resource's JSON) too.
func text(m property.Map, key string) (string, bool) {
	v, ok := m.GetOk(key)
	if !ok || v.IsNull() || v.IsComputed() {
		return "", false
	}
	switch {
	case v.IsString():
		return v.AsString(), true
	case v.IsBool():
		return strconv.FormatBool(v.AsBool()), true
	case v.IsNumber():
		return strconv.FormatFloat(v.AsNumber(), 'f', -1, 64), true
	}
	return "", false
}

// Parse reads the configuration; env gives the environment (os.LookupEnv in the plugin).
func Parse(m property.Map, env func(string) (string, bool)) (Config, []Failure) {
	var failures []Failure
	str := func(key, envVar, def string) string {
		if s, ok := text(m, key); ok && s != "" {
			return s
		}
		if envVar != "" {
			if s, ok := env(envVar); ok && s != "" {
				return s
			}
		}
		return def
	}
	boolean := func(key string) bool {
		s, ok := text(m, key)
		if !ok || s == "" {
			return false
		}
		b, err := strconv.ParseBool(s)
		if err != nil {
			failures = append(failures, Failure{key, fmt.Sprintf("must be true or false, not %q", s)})
		}
		return b
	}
	millis := func(key, envVar string, def int) time.Duration {
		s := str(key, envVar, "")
		if s == "" {
			return time.Duration(def) * time.Millisecond
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			failures = append(failures, Failure{key, fmt.Sprintf("must be a whole number of milliseconds, not %q", s)})
			return time.Duration(def) * time.Millisecond
		}
		return time.Duration(n) * time.Millisecond
	}

	c := Config{
		Token:         str("token", "LINODE_TOKEN", ""),
		URL:           str("url", "LINODE_URL", "https://api.linode.com"),
		APIVersion:    str("apiVersion", "LINODE_API_VERSION", "v4"),
		UAPrefix:      str("uaPrefix", "LINODE_UA_PREFIX", ""),
		APICAPath:     str("apiCaPath", "LINODE_CA", ""),
		ConfigPath:    str("configPath", "", ""),
		ConfigProfile: str("configProfile", "", "default"),

		SkipInstanceReadyPoll:  boolean("skipInstanceReadyPoll"),
		SkipInstanceDeletePoll: boolean("skipInstanceDeletePoll"),
		SkipImplicitReboots:    boolean("skipImplicitReboots"),
		DisableInternalCache:   boolean("disableInternalCache"),

		EventPoll:     millis("eventPollMs", "LINODE_EVENT_POLL_MS", 4000),
		MinRetryDelay: millis("minRetryDelayMs", "", 0),
		MaxRetryDelay: millis("maxRetryDelayMs", "", 0),
	}
	for _, key := range []string{"objBucketForceDelete", "objUseTempKeys"} {
		boolean(key)
	}
	for _, key := range []string{"lkeEventPollMs", "lkeNodeReadyPollMs"} {
		millis(key, "", 0)
	}
	if u, err := url.Parse(c.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		failures = append(failures, Failure{"url", fmt.Sprintf("must be an http:// or https:// URL, not %q", c.URL)})
	}
	if c.ConfigPath == "" {
		if home, err := os.UserHomeDir(); err == nil {
			c.ConfigPath = home + "/.config/linode"
		}
	}
	c.UAPrefix = strings.TrimSpace(c.UAPrefix)
	return c, failures
}
