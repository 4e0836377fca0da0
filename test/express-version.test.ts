it("runs against the Express major its Jest project names", () => {
  expect((globalThis as { EXPRESS_MAJOR?: number }).EXPRESS_MAJOR).toBe(Number(process.env.EXPECTED_EXPRESS_MAJOR));
});
