package schema

// Provider is the provider's configuration (pulumi:providers:linode). Stack config and the
// Provider resource send every value as a string; the types here are what the SDK declares.
var Provider = Resource{
	Token: "pulumi:providers:linode",
	Doc:   "The Linode provider.",
	Props: []Prop{
		in("apiCaPath", Str, "A CA certificate file for the API's TLS."),
		in("apiVersion", Str, "The API version, v4 or v4beta (env LINODE_API_VERSION)."),
		in("configPath", Str, "The linode-cli config file to read a token from."),
		in("configProfile", Str, "The profile of that file."),
		in("disableInternalCache", Bool, "Turn off the client's cache of types and regions."),
		in("eventPollMs", Int, "Milliseconds between status and event polls (default 4000)."),
		in("lkeEventPollMs", Int, "Milliseconds between LKE event polls."),
		in("lkeNodeReadyPollMs", Int, "Milliseconds between LKE node polls."),
		in("maxRetryDelayMs", Int, "Longest delay between retries."),
		in("minRetryDelayMs", Int, "Shortest delay between retries."),
		in("objAccessKey", Str, "Object Storage access key."),
		in("objBucketForceDelete", Bool, "Empty buckets before deleting them."),
		in("objSecretKey", Str, "Object Storage secret key.").secret(),
		in("objUseTempKeys", Bool, "Use temporary Object Storage keys."),
		in("skipImplicitReboots", Bool, "Do not reboot after changes that need it."),
		in("skipInstanceDeletePoll", Bool, "Do not wait for deletes to finish."),
		in("skipInstanceReadyPoll", Bool, "Do not wait for new Linodes to run."),
		in("token", Str, "The API token (env LINODE_TOKEN)."),
		in("uaPrefix", Str, "Text put before the User-Agent (env LINODE_UA_PREFIX)."),
		in("url", Str, "The API's base URL, default https://api.linode.com (env LINODE_URL)."),
	},
}

// Resources are the resources this plugin implements.
var Resources = []Resource{Instance, Firewall, Domain, DomainRecord}

// Functions are the functions this plugin implements.
var Functions = []Resource{GetRegion}
