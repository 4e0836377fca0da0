// Jest setup for Stryker runs (jest.mutation.config.ts).
process.env.PROPERTY_RUNS ??= "25";
