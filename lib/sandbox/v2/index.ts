// APIv2 side of the sandbox (filled in as it is built).
export {};
