// Package diag is where the resources send what the user should see: command output as
// ephemeral status lines, and warnings or errors as diagnostics.
package diag

import (
	"context"

	p "github.com/pulumi/pulumi-go-provider"
)

// Logger is the part of the engine's logging the resources use.
type Logger interface {
	// InfoStatus shows msg in the progress display only while it is the latest line.
	InfoStatus(msg string)
	Debug(msg string)
	Warning(msg string)
	Error(msg string)
}

type loggerKey struct{}

// WithLogger makes From return l, so tests can see what a resource logs.
func WithLogger(ctx context.Context, l Logger) context.Context {
	return context.WithValue(ctx, loggerKey{}, l)
}

// From returns the logger set with WithLogger, else the engine's logger for the request.
func From(ctx context.Context) Logger {
	if l, ok := ctx.Value(loggerKey{}).(Logger); ok {
		return l
	}
	return p.GetLogger(ctx)
}
