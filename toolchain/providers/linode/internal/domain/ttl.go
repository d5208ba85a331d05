// Package domain is linode:index/domain:Domain, a DNS zone of Linode's DNS Manager.
package domain

import (
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Linode rounds every TTL-like value up to one of these; values that round alike do not differ.
var ttlSteps = []int{30, 120, 300, 3600, 7200, 14400, 28800, 57600, 86400, 172800, 345600, 604800, 1209600, 2419200}

// RoundTTL is the value Linode stores for seconds.
func RoundTTL(seconds int) int {
	if seconds <= 0 {
		return 0
	}
	for _, s := range ttlSteps {
		if seconds <= s {
			return s
		}
	}
	return ttlSteps[len(ttlSteps)-1]
}

// SameTTL reports whether two TTL inputs round to the same stored value.
func SameTTL(old, new property.Value) bool {
	if !old.IsNumber() || !new.IsNumber() {
		return false
	}
	return RoundTTL(int(old.AsNumber())) == RoundTTL(int(new.AsNumber()))
}
