// A user's Go program: the paas platform on an existing host, and an app built from a Dockerfile
// there with a database add-on, two web containers and a secret config var. It is an inline
// program that the Automation API runs through the pulumi CLI on PATH, so no Go language host
// is needed; the stack lives in the working directory's project, with the backend, passphrase
// and PULUMI_HOME taken from the environment.
//
//	go-consumer [-expect-no-changes] preview | go-consumer up
//
// The stack's config comes from the environment: PAAS_HOST, PAAS_PORT, PAAS_APP_DIR,
// PAAS_SSH_KEY_FILE and PAAS_GREETING (the key and the greeting kept as secrets).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"example.com/paas-go-consumer/sdk/paas"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	platform, err := paas.NewPlatform(ctx, "paas", &paas.PlatformArgs{
		Connection: paas.HostConnectionArgs{
			Host:       pulumi.String(cfg.Require("host")),
			Port:       pulumi.Float64(cfg.RequireFloat64("port")),
			PrivateKey: cfg.RequireSecret("sshPrivateKey"),
		},
		Domain:  pulumi.String("paas.test"),
		SwapMiB: pulumi.Float64(0),
	})
	if err != nil {
		return err
	}
	// The add-on and the app are not the platform's children (as they are in the Python program):
	// the Go SDK makes a dependency on a remote component wait for the children the program gave
	// it as well, so the add-on, depending on the platform's connection, would wait for the app,
	// which waits for the add-on's env.
	db, err := paas.NewPostgresAddon(ctx, "hello-db", &paas.PostgresAddonArgs{
		Connection: platform.Connection,
		Name:       pulumi.String("hello"),
	})
	if err != nil {
		return err
	}
	hello, err := paas.NewApp(ctx, "hello", &paas.AppArgs{
		Connection:        platform.Connection,
		PlatformDomain:    platform.Domain,
		ReleaseSource:     pulumi.String("dockerfile"),
		DockerfileContext: pulumi.String(cfg.Require("appDir")),
		Config:            pulumi.StringMap{"GREETING": cfg.RequireSecret("greeting")},
		Addons:            []paas.AddonInput{paas.AddonArgs{Env: db.Env}},
		Processes:         paas.ProcessTypeMap{"web": paas.ProcessTypeArgs{Count: pulumi.Float64(2)}},
	})
	if err != nil {
		return err
	}
	ctx.Export("url", hello.Url)
	ctx.Export("release", hello.Release)
	return nil
}

// stackConfig is the stack's config, from the environment.
func stackConfig() (auto.ConfigMap, error) {
	key, err := os.ReadFile(os.Getenv("PAAS_SSH_KEY_FILE"))
	if err != nil {
		return nil, err
	}
	return auto.ConfigMap{
		"host":          {Value: os.Getenv("PAAS_HOST")},
		"port":          {Value: os.Getenv("PAAS_PORT")},
		"appDir":        {Value: os.Getenv("PAAS_APP_DIR")},
		"sshPrivateKey": {Value: string(key), Secret: true},
		"greeting":      {Value: os.Getenv("PAAS_GREETING"), Secret: true},
	}, nil
}

func run(operation string, expectNoChanges bool) error {
	ctx := context.Background()
	dir, err := os.Getwd()
	if err != nil {
		return err
	}
	stack, err := auto.UpsertStackInlineSource(ctx, "go", "go-consumer", program, auto.WorkDir(dir))
	if err != nil {
		return err
	}
	cfg, err := stackConfig()
	if err != nil {
		return err
	}
	if err := stack.SetAllConfig(ctx, cfg); err != nil {
		return err
	}
	switch operation {
	case "preview":
		opts := []optpreview.Option{optpreview.Diff(), optpreview.ProgressStreams(os.Stdout)}
		if expectNoChanges {
			opts = append(opts, optpreview.ExpectNoChanges())
		}
		_, err = stack.Preview(ctx, opts...)
	case "up":
		_, err = stack.Up(ctx, optup.ProgressStreams(os.Stdout))
	default:
		err = fmt.Errorf("unknown operation %q: preview or up", operation)
	}
	return err
}

func main() {
	expectNoChanges := flag.Bool("expect-no-changes", false, "fail a preview that plans any change")
	flag.Parse()
	if err := run(flag.Arg(0), *expectNoChanges); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
