// Package instance is linode:index/instance:Instance: a Linode, created from an image, kept
// running or not, migrated on a region change, resized on a plan change.
package instance

// args are the inputs this plugin acts on, decoded from the property map.
type args struct {
	Label           string            `json:"label"`
	Region          string            `json:"region"`
	Type            string            `json:"type"`
	Image           string            `json:"image"`
	RootPass        string            `json:"rootPass"`
	AuthorizedKeys  []string          `json:"authorizedKeys"`
	AuthorizedUsers []string          `json:"authorizedUsers"`
	Tags            []string          `json:"tags"`
	Group           string            `json:"group"`
	Metadatas       []metadata        `json:"metadatas"`
	Booted          *bool             `json:"booted"`
	BackupsEnabled  bool              `json:"backupsEnabled"`
	BackupID        int               `json:"backupId"`
	PrivateIP       bool              `json:"privateIp"`
	SwapSize        *int              `json:"swapSize"`
	FirewallID      int               `json:"firewallId"`
	StackscriptID   int               `json:"stackscriptId"`
	StackscriptData map[string]string `json:"stackscriptData"`
	DiskEncryption  string            `json:"diskEncryption"`
	WatchdogEnabled *bool             `json:"watchdogEnabled"`
	Alerts          *alerts           `json:"alerts"`
	MigrationType   string            `json:"migrationType"`
	ResizeDisk      bool              `json:"resizeDisk"`
}

type metadata struct {
	UserData string `json:"userData"`
}

type alerts struct {
	CPU           int `json:"cpu"`
	IO            int `json:"io"`
	NetworkIn     int `json:"networkIn"`
	NetworkOut    int `json:"networkOut"`
	TransferQuota int `json:"transferQuota"`
}
