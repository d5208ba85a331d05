package instance

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/linode/linodego"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"paas.local/toolchain/providers/linode/internal/props"
	"paas.local/toolchain/providers/linode/internal/resource"
	"paas.local/toolchain/providers/linode/internal/schema"
)

const (
	updateTimeout = 60 * time.Minute
	deleteTimeout = 10 * time.Minute
)

func changed(olds, news property.Map, key string) bool {
	prop := schema.Instance.Prop(key)
	nv, ok := news.GetOk(key)
	if !ok || nv.IsNull() {
		return false
	}
	return !props.Same(*prop, olds.Get(key), nv)
}

// Update follows TF's order: the fields a PUT changes, a migration, a resize (cold: shut down
// first), the config profile, an implicit reboot after an upsize, and the power state when
// booted is set.
func (Instance) Update(ctx context.Context, env *resource.Env, req p.UpdateRequest) (p.UpdateResponse, error) {
	olds := resource.UpdateOldInputs(req)
	if req.DryRun {
		var changing []string
		if changed(olds, req.Inputs, "type") {
			changing = append(changing, "specs", "disks", "swapSize", "status")
		}
		if changed(olds, req.Inputs, "region") {
			// A Linode moved to another data center gets addresses there.
			changing = append(changing, "ipAddress", "ipv4s", "ipv6", "privateIpAddress", "hostUuid", "status")
		}
		return p.UpdateResponse{Properties: props.Overlay(schema.Instance, req.State, req.Inputs, changing...)}, nil
	}
	id, err := resource.ID(req.ID)
	if err != nil {
		return p.UpdateResponse{}, err
	}
	var a args
	if err := props.Decode(req.Inputs, &a); err != nil {
		return p.UpdateResponse{}, err
	}
	c := env.Client
	timeout := resource.Timeout(req.Timeout, updateTimeout)
	fail := func(err error) (p.UpdateResponse, error) {
		out, rerr := read(ctx, c, id, req.State)
		if rerr != nil {
			out = req.State
		}
		return p.UpdateResponse{Properties: out, PartialState: &p.InitializationFailed{Reasons: []string{err.Error()}}}, err
	}

	inst, err := c.GetInstance(ctx, id)
	if err != nil {
		return p.UpdateResponse{}, fmt.Errorf("Error fetching data about the current linode: %w", err)
	}

	var upd linodego.InstanceUpdateOptions
	put := false
	if changed(olds, req.Inputs, "label") {
		upd.Label, put = a.Label, true
	}
	if changed(olds, req.Inputs, "tags") {
		tags := a.Tags
		if tags == nil {
			tags = []string{}
		}
		upd.Tags, put = &tags, true
	}
	if changed(olds, req.Inputs, "group") {
		upd.Group, put = &a.Group, true
	}
	if changed(olds, req.Inputs, "watchdogEnabled") {
		upd.WatchdogEnabled, put = a.WatchdogEnabled, true
	}
	if changed(olds, req.Inputs, "alerts") && a.Alerts != nil {
		upd.Alerts = &linodego.InstanceAlert{CPU: a.Alerts.CPU, IO: a.Alerts.IO, NetworkIn: a.Alerts.NetworkIn,
			NetworkOut: a.Alerts.NetworkOut, TransferQuota: a.Alerts.TransferQuota}
		put = true
	}
	if put {
		if inst, err = c.UpdateInstance(ctx, id, upd); err != nil {
			return fail(fmt.Errorf("Error updating Instance %d: %w", id, err))
		}
	}

	migration := linodego.InstanceMigrationType(a.MigrationType)
	if migration == "" {
		migration = linodego.ColdMigration
	}
	if changed(olds, req.Inputs, "region") {
		err := resource.Action(ctx, c, id, linodego.ActionLinodeMigrateDatacenter, timeout, func() error {
			return c.MigrateInstance(ctx, id, linodego.InstanceMigrateOptions{Region: a.Region, Type: migration})
		})
		if err != nil {
			return fail(fmt.Errorf("failed to migrate instance %d to region %s: %w", id, a.Region, err))
		}
	}

	reboot := false
	if changed(olds, req.Inputs, "type") && a.Type != inst.Type {
		if reboot, err = resize(ctx, c, inst, a, migration, timeout); err != nil {
			return fail(fmt.Errorf("failed to change instance type: %w", err))
		}
	}

	// TF writes the implicit config profile back on every update.
	configs, err := c.ListInstanceConfigs(ctx, id, linodego.NewListOptions(1, ""))
	if err != nil {
		return fail(fmt.Errorf("failed to get configs for instance %d: %w", id, err))
	}
	if _, err := c.ListInstanceDisks(ctx, id, linodego.NewListOptions(1, "")); err != nil {
		return fail(fmt.Errorf("failed to get disks for instance %d: %w", id, err))
	}
	for _, cfg := range configs {
		if _, err := c.UpdateInstanceConfig(ctx, id, cfg.ID, cfg.GetUpdateOptions()); err != nil {
			return fail(fmt.Errorf("failed to update config %d of instance %d: %w", cfg.ID, id, err))
		}
	}

	if reboot && !env.Config.SkipImplicitReboots && booted(a) && len(configs) > 0 {
		err := resource.Action(ctx, c, id, linodego.ActionLinodeReboot, timeout, func() error {
			return c.RebootInstance(ctx, id, configs[0].ID)
		})
		if err == nil {
			_, err = resource.WaitForStatus(ctx, c, id, linodego.InstanceRunning, timeout)
		}
		if err != nil {
			return fail(fmt.Errorf("failed to reboot instance %d: %w", id, err))
		}
	}

	if a.Booted != nil {
		if err := power(ctx, c, id, *a.Booted, configs, timeout); err != nil {
			return fail(err)
		}
	}

	out, err := read(ctx, c, id, stateWith(req.State, req.Inputs))
	if err != nil {
		return fail(err)
	}
	return p.UpdateResponse{Properties: out}, nil
}

func stateWith(state, inputs property.Map) property.Map {
	for k, v := range inputs.All {
		if k != "ipAddress" {
			state = state.Set(k, v)
		}
	}
	return state
}

// resize is TF's changeInstanceType; it reports whether the plan grew (which needs a reboot).
func resize(ctx context.Context, c *linodego.Client, inst *linodego.Instance, a args, migration linodego.InstanceMigrationType,
	timeout time.Duration) (bool, error) {
	oldType, err := c.GetType(ctx, inst.Type)
	if err != nil {
		return false, err
	}
	newType, err := c.GetType(ctx, a.Type)
	if err != nil {
		return false, err
	}
	upsized := newType.Disk > oldType.Disk
	if migration == linodego.ColdMigration {
		cur, err := c.GetInstance(ctx, inst.ID)
		if err != nil {
			return false, err
		}
		if cur.Status != linodego.InstanceOffline && cur.Status != linodego.InstanceShuttingDown {
			if err := c.ShutdownInstance(ctx, inst.ID); err != nil {
				return false, fmt.Errorf("Error shutting down Linode instance %d: %w", inst.ID, err)
			}
		}
		if _, err := resource.WaitForStatus(ctx, c, inst.ID, linodego.InstanceOffline, timeout); err != nil {
			return false, err
		}
	} else if _, err := c.GetInstance(ctx, inst.ID); err != nil {
		return false, err
	}
	if a.ResizeDisk {
		disks, err := c.ListInstanceDisks(ctx, inst.ID, nil)
		if err != nil {
			return false, err
		}
		main := slices.IndexFunc(disks, func(d linodego.InstanceDisk) bool {
			return d.Filesystem == linodego.FilesystemExt4 || d.Filesystem == linodego.FilesystemExt3
		})
		others := len(disks)
		if main >= 0 {
			others--
		}
		if main < 0 || others > 1 {
			return false, fmt.Errorf("resize_disk requires that one ext disk and at most one swap disk exist on the instance")
		}
	}
	auto := a.ResizeDisk
	err = resource.Action(ctx, c, inst.ID, linodego.ActionLinodeResize, timeout, func() error {
		return c.ResizeInstance(ctx, inst.ID, linodego.InstanceResizeOptions{Type: a.Type, MigrationType: migration, AllowAutoDiskResize: &auto})
	})
	if err != nil {
		return false, err
	}
	if _, err := resource.WaitForStatus(ctx, c, inst.ID, linodego.InstanceOffline, timeout); err != nil {
		return false, err
	}
	return upsized, nil
}

// power boots or shuts down the Linode when booted is set and its status says otherwise.
func power(ctx context.Context, c *linodego.Client, id int, on bool, configs []linodego.InstanceConfig, timeout time.Duration) error {
	inst, err := c.GetInstance(ctx, id)
	if err != nil {
		return err
	}
	// Let a boot or shutdown under way settle before deciding.
	switch inst.Status {
	case linodego.InstanceBooting, linodego.InstanceRebooting:
		if inst, err = resource.WaitForStatus(ctx, c, id, linodego.InstanceRunning, timeout); err != nil {
			return err
		}
	case linodego.InstanceShuttingDown:
		if inst, err = resource.WaitForStatus(ctx, c, id, linodego.InstanceOffline, timeout); err != nil {
			return err
		}
	}
	running := inst.Status == linodego.InstanceRunning
	switch {
	case on && !running:
		configID := 0
		if len(configs) > 0 {
			configID = configs[0].ID
		}
		err := resource.Action(ctx, c, id, linodego.ActionLinodeBoot, timeout, func() error { return c.BootInstance(ctx, id, configID) })
		if err == nil {
			_, err = resource.WaitForStatus(ctx, c, id, linodego.InstanceRunning, timeout)
		}
		if err != nil {
			return fmt.Errorf("failed to boot instance %d: %w", id, err)
		}
	case !on && running:
		err := resource.Action(ctx, c, id, linodego.ActionLinodeShutdown, timeout, func() error { return c.ShutdownInstance(ctx, id) })
		if err == nil {
			_, err = resource.WaitForStatus(ctx, c, id, linodego.InstanceOffline, timeout)
		}
		if err != nil {
			return fmt.Errorf("failed to shutdown instance %d: %w", id, err)
		}
	}
	return nil
}
