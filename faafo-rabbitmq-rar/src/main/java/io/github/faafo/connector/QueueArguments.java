package io.github.faafo.connector;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The declaration arguments of our queues, computed in one place so that the consumers and the
 * senders of a queue always declare it the same way (RabbitMQ refuses a declaration that differs).
 */
final class QueueArguments {

  /** The exchange the RabbitMQ JMS client binds its queues to, by queue name. */
  static final String JMS_QUEUE_EXCHANGE = "jms.durable.queues";

  private QueueArguments() {}

  /**
   * A quorum queue; with a dead-letter queue, one that moves a message there after {@code
   * deliveryLimit} failed deliveries.
   */
  static Map<String, Object> of(String deadLetterQueue, int deliveryLimit) {
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("x-queue-type", "quorum");
    if (deadLetterQueue != null && !deadLetterQueue.isBlank()) {
      arguments.put("x-delivery-limit", deliveryLimit);
      arguments.put("x-dead-letter-exchange", JMS_QUEUE_EXCHANGE);
      arguments.put("x-dead-letter-routing-key", deadLetterQueue);
    }
    return arguments;
  }
}
