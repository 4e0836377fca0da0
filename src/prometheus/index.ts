export { HTTP_SERVER_DURATION_BUCKETS } from "./duration-buckets";
export {
  type PrometheusMetrics,
  prometheusMetrics,
  type PrometheusMetricsOptions,
  type ReconcilerFound,
} from "./prometheus-metrics";
