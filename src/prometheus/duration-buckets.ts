/**
 * OpenTelemetry's advised bucket boundaries for `http.server.request.duration`, in seconds: the
 * same histogram an OpenTelemetry HTTP instrumentation draws, so the two dashboards line up.
 */
export const HTTP_SERVER_DURATION_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];
