-- Ends a wrk run with one line run-api-bench.sh can read: rate, latency percentiles in
-- milliseconds, bytes per response, and the errors wrk counted (non-2xx/3xx and socket errors).
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT rps=%.1f p50=%.3f p99=%.3f requests=%d bytes=%.0f non2xx=%d socket_errors=%d\n",
    summary.requests / seconds,
    latency:percentile(50) / 1000,
    latency:percentile(99) / 1000,
    summary.requests,
    summary.bytes / math.max(summary.requests, 1),
    e.status,
    e.connect + e.read + e.write + e.timeout))
end
