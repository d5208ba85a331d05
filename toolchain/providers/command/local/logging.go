package local

import "github.com/pulumi/pulumi-go-provider/infer"

// Logging selects which of the command's streams are shown in the engine's progress display.
// Values outside the enum are accepted and log nothing.
type Logging string

const (
	LogStdout          Logging = "stdout"
	LogStderr          Logging = "stderr"
	LogStdoutAndStderr Logging = "stdoutAndStderr"
	LogNone            Logging = "none"
)

func (Logging) Values() []infer.EnumValue[Logging] {
	return []infer.EnumValue[Logging]{
		{Value: LogStdout, Description: "Capture stdout in logs but not stderr"},
		{Value: LogStderr, Description: "Capture stderr in logs but not stdout"},
		{Value: LogStdoutAndStderr, Description: "Capture stdout and stderr in logs"},
		{Value: LogNone, Description: "Capture no logs"},
	}
}

// streams reports which streams to log; unset means both.
func streams(l *Logging) (stdout, stderr bool) {
	if l == nil {
		return true, true
	}
	return *l == LogStdout || *l == LogStdoutAndStderr, *l == LogStderr || *l == LogStdoutAndStderr
}
