// Public exports of this area (filled in as it is built).
export {};
