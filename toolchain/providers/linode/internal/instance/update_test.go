package instance

import (
	"context"
	"strings"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"

	lt "paas.local/toolchain/providers/linode/internal/linodetest"
)

// A plan change, cold: shut down, resize (waiting on its event), offline, the config written
// back, and for a bigger disk a reboot; booted then finds the Linode running.
func TestUpsizeShutsDownResizesAndReboots(t *testing.T) {
	f := lt.New(t)
	f.On("GET /v4/linode/instances/7", lt.Seq(
		lt.JSON(lt.Instance(7, "running", nil)),                                     // update's first look
		lt.JSON(lt.Instance(7, "running", nil)),                                     // before the shutdown
		lt.JSON(lt.Instance(7, "offline", nil)),                                     // shut down
		lt.JSON(lt.Instance(7, "offline", map[string]any{"type": "g6-standard-2"})), // resized
		lt.JSON(lt.Instance(7, "running", map[string]any{"type": "g6-standard-2"})),
	))
	f.On("GET /v4/linode/types/g6-nanode-1", lt.Type("g6-nanode-1", 25600))
	f.On("GET /v4/linode/types/g6-standard-2", lt.Type("g6-standard-2", 81920))
	f.On("POST /v4/linode/instances/7/shutdown", lt.JSON(map[string]any{}))
	f.On("POST /v4/linode/instances/7/resize", lt.JSON(map[string]any{}))
	f.On("POST /v4/linode/instances/7/reboot", lt.JSON(map[string]any{}))
	f.On("PUT /v4/linode/instances/7/configs/21", lt.JSON(map[string]any{"id": 21}))
	f.ReadRoutes(7)
	listed := map[string]int{}
	f.On("GET /v4/account/events", func(r lt.Request) (int, any) {
		for _, a := range []string{"linode_resize", "linode_reboot"} {
			if strings.Contains(r.Filter, a) {
				listed[a]++
				if listed[a] > 1 {
					// linode_resize and linode_reboot have 13 letters each: event 513 serves both waits.
					return 200, map[string]any{"data": []any{map[string]any{"id": 500 + len(a), "action": a, "status": "started"}}, "page": 1, "pages": 1, "results": 1}
				}
			}
		}
		return 200, map[string]any{"data": []any{}, "page": 1, "pages": 1, "results": 0}
	})
	f.On("GET /v4/account/events/513", lt.JSON(map[string]any{"id": 513, "status": "finished"}))
	olds := inputs(nil)
	_, err := Instance{}.Update(context.Background(), f.Env(nil), p.UpdateRequest{ID: "7", Urn: urn, OldInputs: olds, State: olds,
		Inputs: inputs(map[string]any{"type": "g6-standard-2"})})
	if err != nil {
		t.Fatal(err)
	}
	want := "POST /v4/linode/instances/7/shutdown,POST /v4/linode/instances/7/resize,PUT /v4/linode/instances/7/configs/21,POST /v4/linode/instances/7/reboot"
	if got := strings.Join(f.Calls(false), ","); got != want {
		t.Fatalf("calls %s", got)
	}
	resize, _ := f.Last("POST /v4/linode/instances/7/resize")
	if resize.Body["type"] != "g6-standard-2" || resize.Body["migration_type"] != "cold" || resize.Body["allow_auto_disk_resize"] != false {
		t.Fatalf("resize body %v", resize.Body)
	}
}

func TestRegionChangeMigrates(t *testing.T) {
	f := lt.New(t)
	f.On("GET /v4/linode/instances/7", lt.JSON(lt.Instance(7, "running", nil)))
	f.Events("linode_migrate_datacenter", 7)
	f.On("POST /v4/linode/instances/7/migrate", lt.JSON(map[string]any{}))
	f.On("PUT /v4/linode/instances/7/configs/21", lt.JSON(map[string]any{"id": 21}))
	f.ReadRoutes(7)
	olds := inputs(nil)
	_, err := Instance{}.Update(context.Background(), f.Env(nil), p.UpdateRequest{ID: "7", Urn: urn, OldInputs: olds, State: olds,
		Inputs: inputs(map[string]any{"region": "eu-central"})})
	if err != nil {
		t.Fatal(err)
	}
	m, ok := f.Last("POST /v4/linode/instances/7/migrate")
	if !ok || m.Body["region"] != "eu-central" || m.Body["type"] != "cold" {
		t.Fatalf("migrate %v %v", ok, m.Body)
	}
}

func TestPreviewOfARegionChangeShowsTheAddressUnknown(t *testing.T) {
	f := lt.New(t)
	state := inputs(nil).Set("ipAddress", inputs(nil).Get("region").WithSecret(false))
	out, err := Instance{}.Update(context.Background(), f.Env(nil), p.UpdateRequest{ID: "7", Urn: urn, OldInputs: inputs(nil), State: state,
		Inputs: inputs(map[string]any{"region": "eu-central"}), DryRun: true})
	if err != nil || len(f.Requests()) != 0 || !out.Properties.Get("ipAddress").IsComputed() {
		t.Fatalf("err %v, calls %v, ip %v", err, f.Calls(true), out.Properties.Get("ipAddress"))
	}
	out, _ = Instance{}.Update(context.Background(), f.Env(nil), p.UpdateRequest{ID: "7", Urn: urn, OldInputs: inputs(nil), State: state,
		Inputs: inputs(map[string]any{"tags": []any{"paas", "web"}}), DryRun: true})
	if out.Properties.Get("ipAddress").IsComputed() {
		t.Fatal("a tag change must keep the address known in the preview")
	}
}
