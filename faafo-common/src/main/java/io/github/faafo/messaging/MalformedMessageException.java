package io.github.faafo.messaging;

import jakarta.ejb.ApplicationException;

/**
 * A message that can never be processed (unreadable, of the wrong type, or an invalid task):
 * redelivering it will not help, so the resource adapter moves it to the dead-letter queue at once
 * (the beans name this class in their {@code deadLetterOn} activation property). Every other
 * failure is a {@link RedeliveryException}: delivered again after a back-off. An application
 * exception, so the container passes it on as it is and logs no stack trace.
 */
@ApplicationException
public class MalformedMessageException extends RuntimeException {

  /** This class's name, for the {@code deadLetterOn} activation property (a constant there). */
  public static final String CLASS_NAME = "io.github.faafo.messaging.MalformedMessageException";

  /** The string property in which the adapter says why it dead-lettered a message at once. */
  public static final String REASON_PROPERTY = "FaafoDeadLetterReason";

  private static final long serialVersionUID = 1L;

  public MalformedMessageException(String message) {
    super(message);
  }

  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
