// Jest setup for the Stryker runs: fewer cases per property, as a suite runs again for each mutant it covers.
process.env.PROPERTY_RUNS ??= "25";
