package io.github.faafo.messaging;

/** Names of the RabbitMQ queues, kept in one place for the senders and the message-driven beans. */
public final class Queues {

  /** Tasks for the workers; a quorum queue that dead-letters a task after too many deliveries. */
  public static final String TASKS = "faafo.tasks";

  /** Where the broker moves a task that failed on every delivery. */
  public static final String TASKS_DEAD = "faafo.tasks.dead";

  /** Requests from the API to dispatch a fractal that a REST client created. */
  public static final String DISPATCH = "faafo.dispatch";

  /**
   * Where a dispatch request goes that can never be handled (at once) or failed on every delivery;
   * nothing is lost with it: the sweep dispatches records that stay undispatched.
   */
  public static final String DISPATCH_DEAD = "faafo.dispatch.dead";

  private Queues() {}
}
