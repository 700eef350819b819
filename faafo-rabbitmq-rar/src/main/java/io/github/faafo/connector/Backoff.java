package io.github.faafo.connector;

/** Doubling delays between reconnect attempts, capped, so a long broker outage costs little. */
record Backoff(long initialMs, long maxMs) {

  /** The delay before attempt {@code attempt} (1 for the first retry). */
  long delayMs(int attempt) {
    int shift = Math.min(Math.max(attempt - 1, 0), 20);
    return Math.min(maxMs, initialMs << shift);
  }
}
