package schema

// GetRegion is the linode:index/getRegion:getRegion function: inputs and result.
var GetRegion = Resource{
	Token: "linode:index/getRegion:getRegion",
	Doc:   "Looks up a Linode region.",
	Props: []Prop{
		in("id", Str, "The region's id.").req(),
		in("resolvers", List(Obj("getRegionResolver")), "The region's DNS resolvers."),
		out("capabilities", List(Str), "What the region offers, e.g. Metadata."),
		out("country", Str, "Its country."),
		out("label", Str, "Its name."),
		out("placementGroupLimits", List(Obj("getRegionPlacementGroupLimit")), "Placement group limits."),
		out("siteType", Str, "core or distributed."),
		out("status", Str, "ok or outage."),
	},
}
