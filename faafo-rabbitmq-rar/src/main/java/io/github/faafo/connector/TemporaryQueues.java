package io.github.faafo.connector;

import com.rabbitmq.jms.admin.RMQDestination;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The temporary queues the adapter's consumers hold now, by the name their beans give them, so that
 * a {@link ReplyQueue} hands senders the queue of the current connection: a temporary queue lives
 * only as long as the connection that made it, and a consumer that reconnects makes a new one.
 */
final class TemporaryQueues {

  private final ConcurrentMap<String, RMQDestination> current = new ConcurrentHashMap<>();

  /** {@code queue} now serves {@code name}. */
  void offer(String name, RMQDestination queue) {
    current.put(name, queue);
  }

  /** {@code queue} went with its connection; a newer queue under {@code name} stays. */
  void withdraw(String name, RMQDestination queue) {
    current.remove(name, queue);
  }

  /** The queue that serves {@code name} now, if its consumer is connected. */
  Optional<RMQDestination> current(String name) {
    return Optional.ofNullable(current.get(name));
  }
}
