import { createMemoryStore, type DokuStore, type Readiness } from "../../src";

describe("the memory store's ready()", () => {
  it("is ready, and warns that a restart forgets what it holds", async () => {
    const readiness: Readiness = await createMemoryStore().ready();
    expect(readiness.ready).toBe(true);
    expect(readiness.detail).toBe("the memory store answers: it is this process's memory");
    expect(readiness.warnings).toHaveLength(1);
    expect(readiness.warnings[0]).toMatch(/^the memory store forgets everything when the process restarts/);
  });

  it("is optional on DokuStore: a merchant's own store without it still fits", () => {
    const own: DokuStore = {
      claim: async () => ({ state: "claimed", token: "t" }),
      complete: async () => true,
      release: async () => true,
      renew: async () => true,
    };
    expect(own.ready).toBeUndefined();
  });
});
