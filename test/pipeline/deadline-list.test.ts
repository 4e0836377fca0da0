import { setTimeout as sleep } from "node:timers/promises";
import fc from "fast-check";
import { DeadlineList, type Deadline } from "../../src/pipeline/deadline-list";

describe("a list of deadlines under one timer", () => {
  it("expires each deadline once, in the order they started, and never a cleared one", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.constant("start" as const), fc.nat(20)), { maxLength: 30 }), async (steps) => {
        const list = new DeadlineList(5);
        const started: Array<{ id: number; deadline: Deadline }> = [];
        const cleared = new Set<number>();
        const expired: number[] = [];
        for (const step of steps) {
          if (step === "start") {
            const id = started.length;
            started.push({ id, deadline: list.start(() => expired.push(id)) });
          } else if (started.length > 0) {
            const target = started[step % started.length] as { id: number; deadline: Deadline };
            target.deadline.clear();
            target.deadline.clear();
            cleared.add(target.id);
          }
        }
        await sleep(30);
        expect(expired).toEqual(started.map((s) => s.id).filter((id) => !cleared.has(id)));
      }),
      { numRuns: 25 },
    );
  });

  it("ignores a deadline cleared again, after its neighbours went or after it expired", async () => {
    const list = new DeadlineList(5);
    const expired: string[] = [];
    const [a, b, c] = ["a", "b", "c"].map((name) => list.start(() => expired.push(name))) as [Deadline, Deadline, Deadline];
    b.clear();
    a.clear();
    b.clear();
    c.clear();
    const d = list.start(() => expired.push("d"));
    await sleep(30);
    d.clear();
    list.start(() => expired.push("e"));
    await sleep(30);
    expect(expired).toEqual(["d", "e"]);
  });

  it("waits the whole length, measured from each start", async () => {
    let clock = 0;
    const list = new DeadlineList(20, () => clock);
    const expired: string[] = [];
    list.start(() => expired.push("first"));
    clock = 10;
    list.start(() => expired.push("second"));
    clock = 19;
    await sleep(40);
    expect(expired).toEqual([]);
    clock = 20;
    await sleep(40);
    expect(expired).toEqual(["first"]);
    clock = 30;
    await sleep(40);
    expect(expired).toEqual(["first", "second"]);
  });

  it("keeps going when a deadline starts another as it expires, or after the list ran empty", async () => {
    const list = new DeadlineList(5);
    const expired: string[] = [];
    list.start(() => {
      expired.push("outer");
      list.start(() => expired.push("inner"));
    });
    await sleep(40);
    expect(expired).toEqual(["outer", "inner"]);
    list.start(() => expired.push("later")).clear();
    list.start(() => expired.push("last"));
    await sleep(40);
    expect(expired).toEqual(["outer", "inner", "last"]);
  });
});
