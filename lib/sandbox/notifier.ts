// Callback sender of the sandbox (filled in as it is built).
export {};
