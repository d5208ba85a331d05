// Where the components copy files to on the host: folders under root's home (mode 0700 on
// Debian), which no other user can enter, each named by the digest of what it holds, so every
// version lands in a folder of its own that nobody prepared. What runs them checks them first
// (host/run-upload.sh for the bootstrap, host/uploads.ts for build contexts). Pure: no I/O.

/** The parent of every upload. */
export const uploadsDir = "/root/paas-uploads";

/** Where the server scripts of digest DIGEST (hex) are copied before the bootstrap installs them. */
export const serverScriptsUpload = (digest: string) => `${uploadsDir}/server-${digest.slice(0, 16)}`;

/** The name prefix of every build context's folder in {@link uploadsDir}. */
export const buildContextPrefix = "build-";

/** Where the Dockerfile folder of APP with content digest DIGEST (12 hex) is copied. */
export const buildContextUpload = (app: string, digest: string) => `${uploadsDir}/${buildContextPrefix}${app}-${digest}`;

/** Whether PATH is a folder {@link buildContextUpload} names. */
export const isBuildContextUpload = (path: string) =>
    path.startsWith(`${uploadsDir}/${buildContextPrefix}`) && /^[a-z0-9-]+$/.test(path.slice(uploadsDir.length + 1 + buildContextPrefix.length));

/** Whether NAME (an entry of {@link uploadsDir}) is one of APP's build contexts: another app's name may start with APP's. */
export const isBuildContextOf = (name: string, app: string) =>
    name.startsWith(`${buildContextPrefix}${app}-`) && /^[0-9a-f]{12}$/.test(name.slice(buildContextPrefix.length + app.length + 1));
