/** Cases per property: thousands in `npm test`; fewer under Stryker, which runs them per mutant. */
export function propertyRuns(full: number): number {
  const override = Number(process.env.PROPERTY_RUNS);
  return Number.isInteger(override) && override > 0 ? override : full;
}
