import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";

const config = new pulumi.Config();
// Marks what this stack made, so the test can find (and clean up) exactly that on the engine.
const run = config.require("run");
const tier = config.require("tier");

// Names are left to the provider: `<resource name>-<random suffix>`.
// checkDuplicate is gone from the Terraform provider but still in the SDK: it must be accepted.
const network = new docker.Network("net", { checkDuplicate: true, labels: [{ label: "paas-test-run", value: run }] });
const volume = new docker.Volume("vol", { labels: [{ label: "paas-test-run", value: run }, { label: "tier", value: tier }] });
const found = docker.getNetworkOutput({ name: network.name });

export const networkName = network.name;
export const networkId = network.id;
export const networkDriver = found.driver;
export const volumeName = volume.name;
