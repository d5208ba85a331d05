package remote

import (
	"github.com/pulumi/pulumi-go-provider/infer"

	"paas.local/toolchain/providers/command/internal/lifecycle"
)

// Logging selects which of the command's streams are shown in the engine's progress display.
// Values outside the enum are accepted and log nothing.
type Logging string

const (
	LogStdout          Logging = lifecycle.LogStdout
	LogStderr          Logging = lifecycle.LogStderr
	LogStdoutAndStderr Logging = lifecycle.LogStdoutAndStderr
	LogNone            Logging = lifecycle.LogNone
)

func (Logging) Values() []infer.EnumValue[Logging] { return lifecycle.LoggingValues[Logging]() }
