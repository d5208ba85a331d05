// jest's globalSetup: every run tests the host runtime as it is in the tree, bundled afresh.
module.exports = () => require("../../scripts/build-server.js").build();
