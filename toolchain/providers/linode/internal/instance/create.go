package instance

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/linode/linodego"
	p "github.com/pulumi/pulumi-go-provider"

	"paas.local/toolchain/providers/linode/internal/props"
	"paas.local/toolchain/providers/linode/internal/resource"
	"paas.local/toolchain/providers/linode/internal/schema"
)

const createTimeout = 15 * time.Minute

func createOptions(a args) (linodego.InstanceCreateOptions, error) {
	on := booted(a)
	opts := linodego.InstanceCreateOptions{
		Region: a.Region, Type: a.Type, Label: a.Label, Image: a.Image, RootPass: a.RootPass,
		AuthorizedKeys: a.AuthorizedKeys, AuthorizedUsers: a.AuthorizedUsers, Tags: a.Tags, Group: a.Group,
		BackupsEnabled: a.BackupsEnabled, BackupID: a.BackupID, PrivateIP: a.PrivateIP, FirewallID: a.FirewallID,
		StackScriptID: a.StackscriptID, StackScriptData: a.StackscriptData,
		DiskEncryption: linodego.InstanceDiskEncryption(a.DiskEncryption), Booted: &on,
	}
	if a.SwapSize != nil && *a.SwapSize > 0 {
		opts.SwapSize = a.SwapSize
	}
	if len(a.Metadatas) > 0 {
		// user_data is base64 already: sent as given.
		opts.Metadata = &linodego.InstanceMetadataOptions{UserData: a.Metadatas[0].UserData}
	}
	if opts.Image != "" && opts.RootPass == "" {
		// TF makes up a password when none is given: an image cannot be deployed without one.
		b := make([]byte, 50)
		if _, err := rand.Read(b); err != nil {
			return opts, err
		}
		opts.RootPass = base64.StdEncoding.EncodeToString(b)
	}
	return opts, nil
}

// Create: POST the Linode, then wait until it runs (or is offline when not booted).
func (Instance) Create(ctx context.Context, env *resource.Env, req p.CreateRequest) (p.CreateResponse, error) {
	if req.DryRun {
		return p.CreateResponse{Properties: props.Planned(schema.Instance, req.Properties)}, nil
	}
	var a args
	if err := props.Decode(req.Properties, &a); err != nil {
		return p.CreateResponse{}, err
	}
	opts, err := createOptions(a)
	if err != nil {
		return p.CreateResponse{}, err
	}
	c := env.Client
	inst, err := c.CreateInstance(ctx, opts)
	if err != nil {
		return p.CreateResponse{}, fmt.Errorf("Error creating a Linode Instance: %w", err)
	}
	id := fmt.Sprint(inst.ID)
	// From here on the Linode exists: a failure keeps its id, so the next update takes it over
	// instead of creating another.
	partial := func(err error) (p.CreateResponse, error) {
		state := props.Planned(schema.Instance, req.Properties)
		state = state.Set("ipAddress", props.Value(publicAddress(inst.IPv4)))
		return resource.PartlyCreated(id, state, err)
	}
	if (a.WatchdogEnabled != nil && !*a.WatchdogEnabled) || a.Alerts != nil {
		upd := linodego.InstanceUpdateOptions{WatchdogEnabled: a.WatchdogEnabled}
		if a.Alerts != nil {
			upd.Alerts = &linodego.InstanceAlert{CPU: a.Alerts.CPU, IO: a.Alerts.IO, NetworkIn: a.Alerts.NetworkIn,
				NetworkOut: a.Alerts.NetworkOut, TransferQuota: a.Alerts.TransferQuota}
		}
		if _, err := c.UpdateInstance(ctx, inst.ID, upd); err != nil {
			return partial(fmt.Errorf("Error updating Instance %d: %w", inst.ID, err))
		}
	}
	if !env.Config.SkipInstanceReadyPoll {
		target := linodego.InstanceRunning
		if !booted(a) || a.Image == "" {
			target = linodego.InstanceOffline
		}
		if _, err := resource.WaitForStatus(ctx, c, inst.ID, target, resource.Timeout(req.Timeout, createTimeout)); err != nil {
			return partial(err)
		}
	}
	prior := req.Properties.Set("ipAddress", props.Value(publicAddress(inst.IPv4)))
	out, err := read(ctx, c, inst.ID, prior)
	if err != nil {
		return partial(err)
	}
	return p.CreateResponse{ID: id, Properties: out}, nil
}
