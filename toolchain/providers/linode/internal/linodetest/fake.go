// Package linodetest is an in-process stand-in for Linode's API for the plugin's Go tests: a
// route table of canned answers, and a record of every request as linodego sent it.
package linodetest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"paas.local/toolchain/providers/linode/internal/config"
	"paas.local/toolchain/providers/linode/internal/resource"
)

// Request is one request the fake received.
type Request struct {
	Method, Path, Query, Filter string
	Body                        map[string]any
}

// String is "METHOD /path".
func (r Request) String() string { return r.Method + " " + r.Path }

// Handler answers a request with a status and a JSON body.
type Handler func(r Request) (int, any)

// Fake is the stand-in API.
type Fake struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex
	routes map[string]Handler
	log    []Request
}

// New starts a fake; routes are keyed "METHOD /v4/path".
func New(t *testing.T) *Fake {
	f := &Fake{t: t, routes: map[string]Handler{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// On sets the answer for "METHOD /v4/path".
func (f *Fake) On(route string, h Handler) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.routes[route] = h
}

// JSON answers 200 with v.
func JSON(v any) Handler { return func(Request) (int, any) { return 200, v } }

// Errors answers like Linode refusing: status and `{"errors": [...]}`.
func Errors(status int, errs ...map[string]string) Handler {
	return func(Request) (int, any) { return status, map[string]any{"errors": errs} }
}

// Seq answers with each handler in turn, the last one from then on.
func Seq(hs ...Handler) Handler {
	var mu sync.Mutex
	n := 0
	return func(r Request) (int, any) {
		mu.Lock()
		h := hs[min(n, len(hs)-1)]
		n++
		mu.Unlock()
		return h(r)
	}
}

func (f *Fake) serve(w http.ResponseWriter, req *http.Request) {
	b, _ := io.ReadAll(req.Body)
	r := Request{Method: req.Method, Path: req.URL.Path, Query: req.URL.RawQuery, Filter: req.Header.Get("X-Filter")}
	if len(b) > 0 {
		_ = json.Unmarshal(b, &r.Body)
	}
	f.mu.Lock()
	f.log = append(f.log, r)
	h, ok := f.routes[r.String()]
	f.mu.Unlock()
	status, body := 404, any(map[string]any{"errors": []map[string]string{{"reason": "Not found"}}})
	if ok {
		status, body = h(r)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// Requests are the requests received, in order.
func (f *Fake) Requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Request(nil), f.log...)
}

// Calls are the requests as "METHOD /path", leaving out GETs unless gets is true.
func (f *Fake) Calls(gets bool) []string {
	var out []string
	for _, r := range f.Requests() {
		if gets || r.Method != http.MethodGet {
			out = append(out, r.String())
		}
	}
	return out
}

// Last is the last request to "METHOD /path".
func (f *Fake) Last(route string) (Request, bool) {
	rs := f.Requests()
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i].String() == route {
			return rs[i], true
		}
	}
	return Request{}, false
}

// URL is the API root (linode:url).
func (f *Fake) URL() string { return f.srv.URL }

// Env is a configured provider pointed at the fake, polling every few milliseconds.
func (f *Fake) Env(extra map[string]string) *resource.Env {
	m := map[string]property.Value{"url": property.New(f.URL()), "token": property.New("t"), "eventPollMs": property.New("5")}
	for k, v := range extra {
		m[k] = property.New(v)
	}
	cfg, failures := config.Parse(property.NewMap(m), func(string) (string, bool) { return "", false })
	if len(failures) > 0 {
		f.t.Fatalf("config: %v", failures)
	}
	c, err := cfg.Client("test")
	if err != nil {
		f.t.Fatal(err)
	}
	// Retries wait seconds by default; tests ask once more, at once.
	c.SetRetryWaitTime(1).SetRetryMaxWaitTime(1)
	return &resource.Env{Client: c, Config: cfg}
}

// Events serves the event poller: the list (empty before the action, one event after) and the
// event itself, finished.
func (f *Fake) Events(action string, id int) {
	listed := 0
	f.On("GET /v4/account/events", func(r Request) (int, any) {
		if !strings.Contains(r.Filter, action) {
			return 200, page()
		}
		listed++
		if listed == 1 {
			return 200, page()
		}
		return 200, page(map[string]any{"id": 9000 + id, "action": action, "status": "started", "entity": map[string]any{"id": id, "type": "linode"}})
	})
	f.On("GET /v4/account/events/"+itoa(9000+id), JSON(map[string]any{"id": 9000 + id, "action": action, "status": "finished"}))
}

func itoa(n int) string { return jsonNumber(n) }

func jsonNumber(n int) string { b, _ := json.Marshal(n); return string(b) }

// Page is a one-page list.
func page(items ...any) map[string]any {
	if items == nil {
		items = []any{}
	}
	return map[string]any{"data": items, "page": 1, "pages": 1, "results": len(items)}
}

// Page is a one-page list of items.
func Page(items ...any) Handler { return JSON(page(items...)) }

// Instance is a Linode as the API returns it.
func Instance(id int, status string, extra map[string]any) map[string]any {
	m := map[string]any{"id": id, "label": "paas", "region": "us-east", "type": "g6-nanode-1", "status": status,
		"ipv4": []string{"203.0.113.10"}, "ipv6": "2001:db8::1/128", "tags": []string{"paas"}, "image": "linode/debian12",
		"specs": map[string]any{"disk": 25600, "memory": 1024, "vcpus": 1}, "alerts": map[string]any{"cpu": 90},
		"backups": map[string]any{"enabled": false}, "watchdog_enabled": true}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

// ReadRoutes answers the reads that follow every instance operation.
func (f *Fake) ReadRoutes(id int) {
	base := "GET /v4/linode/instances/" + jsonNumber(id)
	f.On(base+"/ips", JSON(map[string]any{"ipv4": map[string]any{"public": []any{map[string]any{"address": "203.0.113.10"}}, "private": []any{}, "shared": []any{}}}))
	f.On(base+"/disks", Page(map[string]any{"id": 11, "label": "Debian 12 Disk", "size": 25088, "filesystem": "ext4"},
		map[string]any{"id": 12, "label": "512 MB Swap Image", "size": 512, "filesystem": "swap"}))
	f.On(base+"/configs", Page(map[string]any{"id": 21, "label": "My Debian 12 Disk Profile", "kernel": "linode/grub2",
		"root_device": "/dev/sda", "devices": map[string]any{"sda": map[string]any{"disk_id": 11}, "sdb": map[string]any{"disk_id": 12}}}))
}

// Type is a plan as GET /linode/types/{id} returns it.
func Type(id string, disk int) Handler { return JSON(map[string]any{"id": id, "disk": disk}) }
