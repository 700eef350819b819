package io.github.faafo.messaging;

import jakarta.ejb.ApplicationException;

/**
 * Thrown by a message-driven bean to have the broker deliver the message again; an application
 * exception, so the container keeps the bean instance and logs no stack trace (the resource adapter
 * logs one line per failed delivery).
 */
@ApplicationException
public class RedeliveryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public RedeliveryException(String message) {
    super(message);
  }

  public RedeliveryException(String message, Throwable cause) {
    super(message, cause);
  }
}
