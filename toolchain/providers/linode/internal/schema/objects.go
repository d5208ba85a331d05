package schema

// Types holds every named object type, by name.
var Types = map[string]ObjectType{}

func object(name, doc string, props ...Prop) {
	Types[name] = ObjectType{Name: name, Doc: doc, Props: props}
}

// Nested fields are all settable in the schema's object types; req marks the required ones,
// always the ones every output carries.
func field(name string, t Type) Prop { return Prop{Name: name, Type: t, Input: true} }

func init() {
	object("InstanceAlerts", "Alert thresholds.",
		field("cpu", Int).always(), field("io", Int).always(), field("networkIn", Int).always(),
		field("networkOut", Int).always(), field("transferQuota", Int).always())
	object("InstanceBackup", "Backup status.",
		field("available", Bool).always(), field("enabled", Bool).always(),
		field("schedules", List(Obj("InstanceBackupSchedule"))).always())
	object("InstanceBackupSchedule", "When backups run.", field("day", Str).always(), field("window", Str).always())
	object("InstanceConfig", "A configuration profile.",
		field("comments", Str), field("devices", Obj("InstanceConfigDevices")).always(),
		field("helpers", Obj("InstanceConfigHelpers")).always(), field("id", Int).always(),
		field("interfaces", List(Obj("InstanceConfigInterface"))), field("kernel", Str),
		field("label", Str).req(), field("memoryLimit", Int), field("rootDevice", Str).always(),
		field("runLevel", Str), field("virtMode", Str))
	devices := []Prop{}
	for _, d := range []string{"sda", "sdb", "sdc", "sdd", "sde", "sdf", "sdg", "sdh"} {
		name := "InstanceConfigDevices" + string(d[0]-32) + d[1:]
		object(name, "A device slot.", field("diskId", Int), field("volumeId", Int))
		devices = append(devices, field(d, Obj(name)))
	}
	object("InstanceConfigDevices", "Block devices by slot.", devices...)
	object("InstanceConfigHelpers", "Boot helpers.",
		field("devtmpfsAutomount", Bool), field("distro", Bool), field("modulesDep", Bool),
		field("network", Bool), field("updatedbDisabled", Bool))
	iface := func(prefix string) []Prop {
		return []Prop{
			field("active", Bool).always(), field("id", Int).always(), field("ipRanges", List(Str)),
			field("ipamAddress", Str), field("ipv4", Obj(prefix+"Ipv4")).always(), field("label", Str),
			field("primary", Bool), field("purpose", Str).req(), field("subnetId", Int), field("vpcId", Int).always(),
		}
	}
	object("InstanceConfigInterface", "A network interface of a configuration profile.", iface("InstanceConfigInterface")...)
	object("InstanceConfigInterfaceIpv4", "VPC IPv4 addresses.", field("nat11", Str).always(), field("vpc", Str).always())
	object("InstanceInterface", "A network interface.", iface("InstanceInterface")...)
	object("InstanceInterfaceIpv4", "VPC IPv4 addresses.", field("nat11", Str).always(), field("vpc", Str).always())
	object("InstanceDisk", "A disk.",
		field("authorizedKeys", List(Str)), field("authorizedUsers", List(Str)), field("filesystem", Str).always(),
		field("id", Int).always(), field("image", Str).always(), field("label", Str).req(),
		field("readOnly", Bool).always(), field("rootPass", Str).secret(), field("size", Int).req(),
		field("stackscriptData", StrMap).always().secret(), field("stackscriptId", Int).always())
	object("InstanceMetadata", "First-boot data for cloud-init.", field("userData", Str))
	object("InstancePlacementGroup", "The placement group.",
		field("compliantOnly", Bool), field("id", Int).req(), field("label", Str).always(),
		field("placementGroupPolicy", Str).always(), field("placementGroupType", Str).always())
	object("InstanceSpec", "The plan's resources.",
		field("acceleratedDevices", Int).always(), field("disk", Int).always(), field("gpus", Int).always(),
		field("memory", Int).always(), field("transfer", Int).always(), field("vcpus", Int).always())

	rule := []Prop{
		field("action", Str).req(), field("description", Str).always(), field("ipv4s", List(Str)),
		field("ipv6s", List(Str)), field("label", Str).req(), field("ports", Str), field("protocol", Str).req(),
	}
	object("FirewallInbound", "An inbound rule.", rule...)
	object("FirewallOutbound", "An outbound rule.", rule...)
	object("FirewallDevice", "A device the firewall guards.",
		field("entityId", Int).req(), field("id", Int).req(), field("label", Str).req(),
		field("type", Str).req(), field("url", Str).req())

	object("getRegionResolver", "The region's DNS resolvers.", field("ipv4", Str).always(), field("ipv6", Str).always())
	object("getRegionPlacementGroupLimit", "Placement group limits.",
		field("maximumLinodesPerPg", Int).req(), field("maximumPgsPerCustomer", Int).req())
}
