package schema

// Firewall is linode:index/firewall:Firewall. Every change is made in place.
var Firewall = Resource{
	Token: "linode:index/firewall:Firewall",
	Doc:   "A Cloud Firewall.",
	Props: []Prop{
		out("created", Str, "When the firewall was created."),
		out("devices", List(Obj("FirewallDevice")), "The devices the firewall guards."),
		in("disabled", Bool, "Whether the firewall is disabled.").always().def(false),
		in("inboundPolicy", Str, "ACCEPT or DROP what no inbound rule matches.").req(),
		in("inbounds", List(Obj("FirewallInbound")), "Inbound rules."),
		in("label", Str, "The firewall's label.").req(),
		in("linodes", List(Int), "Ids of the Linodes it guards.").always().set(),
		in("nodebalancers", List(Int), "Ids of the NodeBalancers it guards.").always().set(),
		in("outboundPolicy", Str, "ACCEPT or DROP what no outbound rule matches.").req(),
		in("outbounds", List(Obj("FirewallOutbound")), "Outbound rules."),
		out("status", Str, "enabled, disabled or deleted."),
		in("tags", List(Str), "Tags.").always().foldCase(),
		out("updated", Str, "When the firewall was last changed."),
	},
}
