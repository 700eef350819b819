package io.github.faafo.messaging;

/** A message whose body cannot be read; redelivering it will not help. */
public class MalformedMessageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public MalformedMessageException(String message) {
    super(message);
  }

  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
