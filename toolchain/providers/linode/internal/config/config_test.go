package config

import (
	"context"
	"strings"
	"testing"
	"time"

	"net/http"
	"net/http/httptest"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func noEnv(string) (string, bool) { return "", false }

func TestStackConfigArrivesAsStrings(t *testing.T) {
	c, failures := Parse(property.NewMap(map[string]property.Value{
		"token": property.New("tok"), "skipInstanceReadyPoll": property.New("true"), "eventPollMs": property.New("250"),
		"disableInternalCache": property.New(true), "minRetryDelayMs": property.New(100.0),
	}), noEnv)
	if len(failures) > 0 {
		t.Fatal(failures)
	}
	if !c.SkipInstanceReadyPoll || !c.DisableInternalCache || c.EventPoll != 250*time.Millisecond || c.MinRetryDelay != 100*time.Millisecond {
		t.Fatalf("%+v", c)
	}
	if c.URL != "https://api.linode.com" || c.APIVersion != "v4" || c.Token != "tok" {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestEnvironmentFallbacksAndDefaults(t *testing.T) {
	env := map[string]string{"LINODE_TOKEN": "from-env", "LINODE_URL": "http://127.0.0.1:1", "LINODE_EVENT_POLL_MS": "10"}
	c, _ := Parse(property.NewMap(nil), func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if c.Token != "from-env" || c.URL != "http://127.0.0.1:1" || c.EventPoll != 10*time.Millisecond {
		t.Fatalf("%+v", c)
	}
	c, _ = Parse(property.NewMap(nil), noEnv)
	if c.EventPoll != 4*time.Second {
		t.Fatalf("TF's default poll is 4 s, got %v", c.EventPoll)
	}
}

func TestBadValuesNameTheKey(t *testing.T) {
	_, failures := Parse(property.NewMap(map[string]property.Value{
		"url": property.New("ftp://x"), "skipImplicitReboots": property.New("yes"), "eventPollMs": property.New("soon"),
	}), noEnv)
	got := map[string]bool{}
	for _, f := range failures {
		got[f.Key] = true
	}
	if !got["url"] || !got["skipImplicitReboots"] || !got["eventPollMs"] || len(got) != 3 {
		t.Fatalf("%v", failures)
	}
	if !strings.HasPrefix(failures[0].Error(), "linode:") {
		t.Fatal(failures[0].Error())
	}
}

// The URL keeps its path and gets the API version after it, as linodego's SetBaseURL does for
// Linode's Terraform provider; the ping is page 100 of the plan types, with the token.
func TestClientURLAndPing(t *testing.T) {
	var paths []string
	var auth, agent string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.Path+"?"+r.URL.RawQuery)
		auth, agent = r.Header.Get("Authorization"), r.Header.Get("User-Agent")
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path != "/v4/linode/types" {
			w.WriteHeader(404)
			_, _ = w.Write([]byte(`{"errors":[{"reason":"Not found"}]}`))
			return
		}
		_, _ = w.Write([]byte(`{"data":[],"page":100,"pages":1,"results":4}`))
	}))
	defer srv.Close()
	c, _ := Parse(property.NewMap(map[string]property.Value{"url": property.New(srv.URL), "token": property.New("tok"), "uaPrefix": property.New("paas")}), noEnv)
	client, err := c.Client("5.1.1")
	if err != nil {
		t.Fatal(err)
	}
	if err := Ping(context.Background(), client); err != nil {
		t.Fatal(err)
	}
	if paths[0] != "/v4/linode/types?page=100" || auth != "Bearer tok" || !strings.HasPrefix(agent, "paas pulumi-resource-linode/5.1.1 linodego/") {
		t.Fatalf("%v %q %q", paths, auth, agent)
	}
	// A URL that already ends in /v4 doubles it, as with Linode's own provider.
	c2, _ := Parse(property.NewMap(map[string]property.Value{"url": property.New(srv.URL + "/v4"), "token": property.New("tok")}), noEnv)
	client2, _ := c2.Client("5.1.1")
	err = Ping(context.Background(), client2)
	if err == nil || err.Error() != "Error connecting to the Linode API: [404] Not found" || paths[1] != "/v4/v4/linode/types?page=100" {
		t.Fatalf("%v %v", err, paths)
	}
}
