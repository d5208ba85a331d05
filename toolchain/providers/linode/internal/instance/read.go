package instance

import (
	"context"
	"fmt"
	"net"

	"github.com/linode/linodego"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"paas.local/toolchain/providers/linode/internal/props"
	"paas.local/toolchain/providers/linode/internal/schema"
)

// read is TF's read: the Linode, its IPs, disks and configs, into the outputs. prior (the
// inputs, or the stored outputs) supplies what the API does not return (rootPass, keys,
// metadata, ...) and the address kept while it is still the Linode's.
func read(ctx context.Context, c *linodego.Client, id int, prior property.Map) (property.Map, error) {
	inst, err := c.GetInstance(ctx, id)
	if err != nil {
		return property.Map{}, err
	}
	ips, err := c.GetInstanceIPAddresses(ctx, id)
	if err != nil {
		return property.Map{}, fmt.Errorf("Error getting the IPs for Linode instance %d: %w", id, err)
	}
	disks, err := c.ListInstanceDisks(ctx, id, linodego.NewListOptions(1, ""))
	if err != nil {
		return property.Map{}, fmt.Errorf("Error getting the disks for the Linode instance %d: %w", id, err)
	}
	configs, err := c.ListInstanceConfigs(ctx, id, linodego.NewListOptions(1, ""))
	if err != nil {
		return property.Map{}, fmt.Errorf("Error getting the config for Linode instance %d (%s): %w", id, inst.Label, err)
	}
	priorAddress, _ := props.Str(prior, "ipAddress")
	return outputs(inst, ips, disks, configs, prior, priorAddress), nil
}

func outputs(inst *linodego.Instance, ips *linodego.InstanceIPAddressResponse, disks []linodego.InstanceDisk,
	configs []linodego.InstanceConfig, prior property.Map, priorAddress string) property.Map {
	out := map[string]any{
		"label": inst.Label, "region": inst.Region, "type": inst.Type, "status": string(inst.Status),
		"ipv6": inst.IPv6, "group": inst.Group, "hostUuid": inst.HostUUID, "hasUserData": inst.HasUserData,
		"watchdogEnabled": inst.WatchdogEnabled, "lkeClusterId": inst.LKEClusterID,
		"capabilities": props.NonNil(inst.Capabilities), "tags": props.NonNil(inst.Tags),
		"diskEncryption": string(inst.DiskEncryption),
		"booted":         inst.Status == linodego.InstanceRunning || inst.Status == linodego.InstanceBooting || inst.Status == linodego.InstanceRebooting,
	}
	var v4 []string
	for _, ip := range inst.IPv4 {
		if ip != nil {
			v4 = append(v4, ip.String())
		}
	}
	out["ipv4s"] = props.NonNil(v4)
	if a := inst.Alerts; a != nil {
		out["alerts"] = map[string]any{"cpu": a.CPU, "io": a.IO, "networkIn": a.NetworkIn, "networkOut": a.NetworkOut, "transferQuota": a.TransferQuota}
	}
	if b := inst.Backups; b != nil {
		out["backupsEnabled"] = b.Enabled
		out["backups"] = []any{map[string]any{"available": b.Available, "enabled": b.Enabled,
			"schedules": []any{map[string]any{"day": b.Schedule.Day, "window": b.Schedule.Window}}}}
	}
	if s := inst.Specs; s != nil {
		out["specs"] = []any{map[string]any{"disk": s.Disk, "memory": s.Memory, "vcpus": s.VCPUs, "transfer": s.Transfer,
			"gpus": s.GPUs, "acceleratedDevices": s.AcceleratedDevices}}
	}
	if pg := inst.PlacementGroup; pg != nil {
		out["placementGroup"] = map[string]any{"id": pg.ID, "label": pg.Label, "placementGroupType": string(pg.PlacementGroupType),
			"placementGroupPolicy": string(pg.PlacementGroupPolicy)}
	}

	// The public address: the one kept while it is still the Linode's, else the first.
	address, private, shared := "", "", []string{}
	if ips != nil && ips.IPv4 != nil {
		for _, ip := range ips.IPv4.Public {
			if ip != nil && ip.Address == priorAddress {
				address = priorAddress
			}
		}
		if address == "" && len(ips.IPv4.Public) > 0 && ips.IPv4.Public[0] != nil {
			address = ips.IPv4.Public[0].Address
		}
		if len(ips.IPv4.Private) > 0 && ips.IPv4.Private[0] != nil {
			private = ips.IPv4.Private[0].Address
		}
		for _, ip := range ips.IPv4.Shared {
			if ip != nil {
				shared = append(shared, ip.Address)
			}
		}
	}
	if address == "" {
		address = publicAddress(inst.IPv4)
	}
	out["ipAddress"], out["privateIpAddress"], out["sharedIpv4s"] = address, private, shared
	out["privateIp"] = private != ""

	swap := 0
	var ds []any
	for _, d := range disks {
		if d.Filesystem == linodego.FilesystemSwap {
			swap += d.Size
		}
		ds = append(ds, map[string]any{"id": d.ID, "label": d.Label, "size": d.Size, "filesystem": string(d.Filesystem),
			"readOnly": false, "image": "", "stackscriptId": 0, "stackscriptData": map[string]string{}})
	}
	out["disks"], out["swapSize"] = props.NonNil(ds), swap
	var cs []any
	for _, cfg := range configs {
		cs = append(cs, configOutput(cfg))
	}
	out["configs"] = props.NonNil(cs)
	if len(configs) > 0 {
		out["bootConfigLabel"] = configs[0].Label
	} else {
		out["bootConfigLabel"] = ""
	}

	// What Linode does not return comes from the inputs.
	result := props.MapOf(out)
	for _, prop := range schema.Instance.Props {
		if _, set := out[prop.Name]; set {
			continue
		}
		if v, ok := prior.GetOk(prop.Name); ok && !v.IsNull() {
			result = result.Set(prop.Name, v)
		}
	}
	if img, ok := props.Str(prior, "image"); ok {
		result = result.Set("image", property.New(img))
	}
	return props.Secrets(schema.Instance, result)
}

func configOutput(cfg linodego.InstanceConfig) map[string]any {
	c := map[string]any{"id": cfg.ID, "label": cfg.Label, "comments": cfg.Comments, "kernel": cfg.Kernel,
		"memoryLimit": cfg.MemoryLimit, "rootDevice": cfg.RootDevice, "runLevel": cfg.RunLevel, "virtMode": cfg.VirtMode,
		"interfaces": []any{}}
	if h := cfg.Helpers; h != nil {
		c["helpers"] = map[string]any{"devtmpfsAutomount": h.DevTmpFsAutomount, "distro": h.Distro, "modulesDep": h.ModulesDep,
			"network": h.Network, "updatedbDisabled": h.UpdateDBDisabled}
	}
	devices := map[string]any{}
	if m := cfg.Devices; m != nil {
		for name, d := range map[string]*linodego.InstanceConfigDevice{"sda": m.SDA, "sdb": m.SDB, "sdc": m.SDC, "sdd": m.SDD,
			"sde": m.SDE, "sdf": m.SDF, "sdg": m.SDG, "sdh": m.SDH} {
			if d != nil {
				dev := map[string]any{}
				if d.DiskID != 0 {
					dev["diskId"] = d.DiskID
				}
				if d.VolumeID != 0 {
					dev["volumeId"] = d.VolumeID
				}
				devices[name] = dev
			}
		}
	}
	c["devices"] = devices
	return c
}

// publicAddress is TF's pick from a create response: the last address outside RFC 1918.
func publicAddress(ips []*net.IP) string {
	address := ""
	for _, ip := range ips {
		if ip != nil && !ip.IsPrivate() {
			address = ip.String()
		}
	}
	return address
}
