package io.github.faafo.connector;

import jakarta.jms.JMSException;
import jakarta.jms.Message;

/** How the adapter's log lines name a failure and a message: one line each, no stack trace. */
final class Failures {

  private Failures() {}

  /** The root cause's type and message. */
  static String reason(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() != null ? root.getMessage() : error.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** The message's correlation id (the task's uuid), or its message id. */
  static String messageId(Message message) {
    try {
      String correlation = message.getJMSCorrelationID();
      return correlation != null ? correlation : message.getJMSMessageID();
    } catch (JMSException e) {
      return "(unknown)";
    }
  }
}
