package instance

import (
	"context"
	"fmt"

	"github.com/linode/linodego"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"paas.local/toolchain/providers/linode/internal/resource"
)

// Read refreshes the Linode; one that is gone (404) leaves the state.
func (Instance) Read(ctx context.Context, env *resource.Env, req p.ReadRequest) (p.ReadResponse, error) {
	id, err := resource.ID(req.ID)
	if err != nil {
		return p.ReadResponse{}, err
	}
	return resource.Refresh(req, "Error finding the specified Linode instance", func(property.Map) (property.Map, error) {
		return read(ctx, env.Client, id, req.Properties)
	})
}

// Delete removes the Linode and waits for Linode's linode_delete event to finish.
func (Instance) Delete(ctx context.Context, env *resource.Env, req p.DeleteRequest) error {
	id, err := resource.ID(req.ID)
	if err != nil {
		return err
	}
	c := env.Client
	poller, err := c.NewEventPoller(ctx, id, linodego.EntityLinode, linodego.ActionLinodeDelete)
	if err != nil {
		return fmt.Errorf("failed to initialize event poller: %w", err)
	}
	if err := c.DeleteInstance(ctx, id); err != nil {
		return fmt.Errorf("Error deleting Linode instance %d: %w", id, err)
	}
	if env.Config.SkipInstanceDeletePoll {
		return nil
	}
	if _, err := poller.WaitForFinished(ctx, resource.Seconds(resource.Timeout(req.Timeout, deleteTimeout))); err != nil {
		return fmt.Errorf("failed to wait for instance %d to be deleted: %w", id, err)
	}
	return nil
}
