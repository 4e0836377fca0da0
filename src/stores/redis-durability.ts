/** What Redis's settings say about keeping a handled notification: nothing amiss, a risk, or unknown. */
export interface DurabilityFinding {
  reason: "durability_risk" | "durability_unknown";
  detail: string;
}

export type RedisCall = (command: string, ...args: Array<string | number>) => Promise<unknown>;

const unknown = (why: string): DurabilityFinding => ({
  reason: "durability_unknown",
  detail: `could not check Redis's persistence and eviction policy (${why}): make sure appendonly is yes and maxmemory-policy is noeviction, or a handled notification can run again after a restart or under memory pressure`,
});

/**
 * A Redis that loses writes on restart (no AOF) or evicts keys under memory pressure (every key
 * here has a TTL, so volatile-* policies evict them first) can forget a handled notification,
 * which then runs again. Where CONFIG is refused (managed Redis), says it could not look.
 * Never rejects; undefined when Redis keeps what it is told.
 */
export async function redisDurability(call: RedisCall | undefined): Promise<DurabilityFinding | undefined> {
  if (call === undefined) return unknown("the client has no call method");
  const get = async (name: string) => {
    const reply = await call("CONFIG", "GET", name);
    return Array.isArray(reply) ? String(reply[1] ?? "") : "";
  };
  let appendonly: string;
  let policy: string;
  try {
    [appendonly, policy] = await Promise.all([get("appendonly"), get("maxmemory-policy")]);
  } catch (error) {
    return unknown(error instanceof Error ? error.message : String(error));
  }
  const risks: string[] = [];
  if (appendonly !== "yes")
    risks.push(`appendonly is ${appendonly || "unknown"} (a restart loses every key: set appendonly yes)`);
  if (policy !== "noeviction")
    risks.push(
      `maxmemory-policy is ${policy || "unknown"} (keys can be evicted under memory pressure: set noeviction)`,
    );
  if (risks.length === 0) return undefined;
  return {
    reason: "durability_risk",
    detail: `Redis may forget handled notifications, which would then run again: ${risks.join("; ")}`,
  };
}
