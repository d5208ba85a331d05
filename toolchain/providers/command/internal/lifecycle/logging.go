package lifecycle

import "github.com/pulumi/pulumi-go-provider/infer"

// The values of the local and remote Logging enums.
const (
	LogStdout          = "stdout"
	LogStderr          = "stderr"
	LogStdoutAndStderr = "stdoutAndStderr"
	LogNone            = "none"
)

// LoggingValues are the enum values of either module's Logging type.
func LoggingValues[L ~string]() []infer.EnumValue[L] {
	return []infer.EnumValue[L]{
		{Value: LogStdout, Description: "Capture stdout in logs but not stderr"},
		{Value: LogStderr, Description: "Capture stderr in logs but not stdout"},
		{Value: LogStdoutAndStderr, Description: "Capture stdout and stderr in logs"},
		{Value: LogNone, Description: "Capture no logs"},
	}
}

// LoggedStreams reports which streams to log; unset means both, and a value outside the
// enum logs nothing.
func LoggedStreams[L ~string](l *L) (stdout, stderr bool) {
	if l == nil {
		return true, true
	}
	v := string(*l)
	return v == LogStdout || v == LogStdoutAndStderr, v == LogStderr || v == LogStdoutAndStderr
}
