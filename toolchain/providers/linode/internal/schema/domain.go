package schema

// Domain is linode:index/domain:Domain.
var Domain = Resource{
	Token: "linode:index/domain:Domain",
	Doc:   "A DNS zone in Linode's DNS Manager.",
	Props: []Prop{
		in("axfrIps", List(Str), "Addresses allowed to AXFR the zone.").set(),
		in("description", Str, "A description."),
		in("domain", Str, "The zone's name.").req(),
		in("expireSec", Int, "SOA expire, rounded by Linode."),
		in("group", Str, "Deprecated display group."),
		in("masterIps", List(Str), "Primary name servers of a slave zone.").set(),
		in("refreshSec", Int, "SOA refresh, rounded by Linode."),
		in("retrySec", Int, "SOA retry, rounded by Linode."),
		in("soaEmail", Str, "The SOA email; required for a master zone."),
		in("status", Str, "active, disabled or edit_mode.").always(),
		in("tags", List(Str), "Tags.").always().foldCase(),
		in("ttlSec", Int, "Default TTL, rounded by Linode."),
		in("type", Str, "master or slave.").req().replace(),
	},
}

// DomainRecord is linode:index/domainRecord:DomainRecord.
var DomainRecord = Resource{
	Token: "linode:index/domainRecord:DomainRecord",
	Doc:   "A record of a DNS zone.",
	Props: []Prop{
		in("domainId", Int, "The zone's id.").req().replace(),
		in("name", Str, "The record's name; empty for the zone apex.").always(),
		in("port", Int, "SRV port."),
		in("priority", Int, "MX and SRV priority."),
		in("protocol", Str, "SRV protocol."),
		in("recordType", Str, "A, AAAA, NS, MX, CNAME, TXT, SRV, PTR or CAA.").req().replace(),
		in("service", Str, "SRV service."),
		in("tag", Str, "CAA tag."),
		in("target", Str, "What the record points at.").req(),
		in("ttlSec", Int, "TTL, rounded by Linode."),
		in("weight", Int, "SRV weight."),
	},
}
