import { Counter, Histogram, type Registry } from "prom-client";

interface MetricShape {
  name: string;
  help: string;
  labelNames: readonly string[];
}

/** What prom-client keeps on each metric, read to tell whether a registered one is ours. */
interface RegisteredShape {
  type?: unknown;
  labelNames?: unknown;
}

/**
 * The registry's metric of that name if it has one of the same type and labels (a second
 * `prometheusMetrics` on one registry counts into the first one's metrics), else a new one
 * registered on that registry only, never on prom-client's global one.
 */
function existing(registry: Registry, type: "counter" | "histogram", shape: MetricShape): unknown {
  const found = registry.getSingleMetric(shape.name) as RegisteredShape | undefined;
  if (found === undefined) return undefined;
  const labels = Array.isArray(found.labelNames) ? [...(found.labelNames as string[])].sort().join(",") : "";
  if (found.type === type && labels === [...shape.labelNames].sort().join(",")) return found;
  throw new TypeError(
    `express-doku: the registry already has a metric named ${shape.name} that is not a ${type} ` +
      `with labels ${shape.labelNames.join(", ")}: give prometheusMetrics another \`prefix\``,
  );
}

export function counterOn<L extends string>(
  registry: Registry,
  shape: MetricShape & { labelNames: readonly L[] },
): Counter<L> {
  return (
    (existing(registry, "counter", shape) as Counter<L> | undefined) ??
    new Counter({ ...shape, labelNames: [...shape.labelNames], registers: [registry] })
  );
}

export function histogramOn<L extends string>(
  registry: Registry,
  shape: MetricShape & { labelNames: readonly L[]; buckets: readonly number[] },
): Histogram<L> {
  return (
    (existing(registry, "histogram", shape) as Histogram<L> | undefined) ??
    new Histogram({ ...shape, labelNames: [...shape.labelNames], buckets: [...shape.buckets], registers: [registry] })
  );
}
