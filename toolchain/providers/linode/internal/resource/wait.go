package resource

import (
	"context"
	"fmt"
	"time"

	"github.com/linode/linodego"
)

// Action runs fn (an API call that starts a long-running action on a Linode) and waits for
// its event to finish. The poller notes the Linode's earlier events of that action first, so
// that only the event fn causes counts.
func Action(ctx context.Context, c *linodego.Client, linodeID int, action linodego.EventAction, timeout time.Duration, fn func() error) error {
	poller, err := c.NewEventPoller(ctx, linodeID, linodego.EntityLinode, action)
	if err != nil {
		return err
	}
	if err := fn(); err != nil {
		return err
	}
	_, err = poller.WaitForFinished(ctx, Seconds(timeout))
	return err
}

// WaitForStatus polls the Linode until its status is the one given.
func WaitForStatus(ctx context.Context, c *linodego.Client, linodeID int, status linodego.InstanceStatus, timeout time.Duration) (*linodego.Instance, error) {
	inst, err := c.WaitForInstanceStatus(ctx, linodeID, status, Seconds(timeout))
	if err != nil {
		return inst, fmt.Errorf("timed-out waiting for Linode instance %d to reach status %s: %w", linodeID, status, err)
	}
	return inst, nil
}
