package sshconn

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Back-off between attempts: 100ms, then 1.5 times longer each time, at most 5s.
const (
	firstDelay = 100 * time.Millisecond
	growth     = 1.5
	maxDelay   = 5 * time.Second
)

// finalError is a failed attempt that no retry can mend; retry returns its error at once.
type finalError struct{ err error }

func (f finalError) Error() string { return f.err.Error() }
func (f finalError) Unwrap() error { return f.err }

// retry calls attempt until it succeeds or fails with a finalError. limit failures are tolerated, so limit+1 attempts
// are made; a negative limit retries forever. Each failure that is retried is reported to
// status as "<label> <k>/<limit> failed: retrying". Cancelling ctx stops the wait.
func retry(ctx context.Context, label string, limit int, status func(string), attempt func(context.Context) error) error {
	max := "inf"
	if limit >= 0 {
		max = strconv.Itoa(limit)
	}
	delay := firstDelay
	for failures := 1; ; failures++ {
		err := attempt(ctx)
		if err == nil {
			return nil
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		var final finalError
		if errors.As(err, &final) {
			return final.err
		}
		if limit >= 0 && failures > limit {
			return fmt.Errorf("after %d failed attempts: %w", limit, err)
		}
		if status != nil {
			status(fmt.Sprintf("%s %d/%s failed: retrying", label, failures, max))
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		delay = min(time.Duration(float64(delay)*growth), maxDelay)
	}
}
