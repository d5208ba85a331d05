"""A user's Python program: the paas platform on an existing host, and an app built from a
Dockerfile there with a database add-on, two web containers and a secret config var."""
import pulumi
import pulumi_paas as paas

config = pulumi.Config()

platform = paas.Platform(
    "paas",
    connection=paas.HostConnectionArgs(
        host=config.require("host"),
        port=config.require_int("port"),
        private_key=config.require_secret("sshPrivateKey"),
    ),
    domain="paas.test",
    swap_mi_b=0,
)
child = pulumi.ResourceOptions(parent=platform)

db = paas.PostgresAddon("hello-db", connection=platform.connection, name="hello", opts=child)

hello = paas.App(
    "hello",
    connection=platform.connection,
    platform_domain=platform.domain,
    release_source="dockerfile",
    dockerfile_context=config.require("appDir"),
    config={"GREETING": config.require_secret("greeting")},
    addons=[paas.AddonArgs(env=db.env)],
    processes={"web": paas.ProcessTypeArgs(count=2)},
    opts=child,
)

pulumi.export("url", hello.url)
pulumi.export("release", hello.release)
