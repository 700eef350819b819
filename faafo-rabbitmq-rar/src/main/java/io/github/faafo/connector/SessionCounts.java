package io.github.faafo.connector;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The adapter's {@code sessions} setting, "queue=count, ..." (or with ";" between the entries, as
 * WildFly's CLI can write it without quotes): lets an admin change how many messages of a queue are
 * handled at once without rebuilding the bean that sets {@code maxSessions}.
 */
final class SessionCounts {

  private final Map<String, Integer> byQueue;

  private SessionCounts(Map<String, Integer> byQueue) {
    this.byQueue = byQueue;
  }

  /** Parses the setting; blank means no queue is overridden. */
  static SessionCounts parse(String setting) {
    Map<String, Integer> byQueue = new TreeMap<>();
    if (setting == null || setting.isBlank()) {
      return new SessionCounts(byQueue);
    }
    for (String entry : setting.split("[,;]")) {
      String[] parts = entry.split("=", -1);
      if (parts.length != 2 || parts[0].isBlank()) {
        throw new IllegalArgumentException(
            "adapter setting 'sessions' must read queue=count, queue=count...; '"
                + entry.trim()
                + "' does not");
      }
      String queue = parts[0].trim();
      int count;
      try {
        count = Integer.parseInt(parts[1].trim());
      } catch (NumberFormatException e) {
        count = 0;
      }
      if (count < 1) {
        throw new IllegalArgumentException(
            "adapter setting 'sessions': the count for "
                + queue
                + " must be a whole number of at least 1, was '"
                + parts[1].trim()
                + "'");
      }
      if (byQueue.put(queue, count) != null) {
        throw new IllegalArgumentException(
            "adapter setting 'sessions' names " + queue + " more than once");
      }
    }
    return new SessionCounts(byQueue);
  }

  /** The count for a queue, when the setting names it. */
  Optional<Integer> forQueue(String queue) {
    return Optional.ofNullable(byQueue.get(queue));
  }

  @Override
  public String toString() {
    return byQueue.toString();
  }
}
