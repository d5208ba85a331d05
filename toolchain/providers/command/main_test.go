package main

import "testing"

func TestPluginVersion(t *testing.T) {
	for in, want := range map[string]string{"1.2.1": "1.2.1", "v1.2.1": "1.2.1", "": "0.0.0-dev"} {
		version = in
		if got := pluginVersion(); got != want {
			t.Errorf("version %q reports %q, want %q", in, got, want)
		}
	}
}
