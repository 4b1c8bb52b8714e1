/** How many runs each property gets: 10,000 in `npm test`; `npm run properties` runs 100,000. */
export const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 10_000);
