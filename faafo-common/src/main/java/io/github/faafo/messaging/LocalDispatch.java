package io.github.faafo.messaging;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The hand-off by which the API gives the tasks of the fractals it created to the producer running
 * in the same server, so that they go to the workers without a dispatch message and its delivery.
 * The API and the producer are separate deployments on Payara Micro and separate modules of the EAR
 * elsewhere; this class lives in the library both share (the server's class path on Payara Micro,
 * the EAR's {@code lib/}), which is why it is the one static bridge between them. The producer
 * opens it when it starts and closes it when it stops; while it is closed the API announces its
 * fractals on the dispatch queue as before.
 */
public final class LocalDispatch {

  private static final AtomicReference<Function<List<TaskMessage>, Boolean>> SENDER =
      new AtomicReference<>();

  private LocalDispatch() {}

  /**
   * Makes {@code sender} take the tasks handed off from now on; it answers whether it took them. It
   * must not block for long: the API's request threads call it after their transaction committed.
   */
  public static void open(Function<List<TaskMessage>, Boolean> sender) {
    SENDER.set(Objects.requireNonNull(sender));
  }

  /** Stops handing tasks to {@code sender}; nothing when another sender took its place. */
  public static void close(Function<List<TaskMessage>, Boolean> sender) {
    SENDER.compareAndSet(sender, null);
  }

  /** Whether a producer in this server takes tasks now. */
  public static boolean isOpen() {
    return SENDER.get() != null;
  }

  /**
   * Hands {@code tasks}, whose records are committed as dispatched, to this server's producer;
   * false when there is none or it cannot take them now (the caller then announces them on the
   * dispatch queue).
   */
  public static boolean offer(List<TaskMessage> tasks) {
    Function<List<TaskMessage>, Boolean> sender = SENDER.get();
    return sender != null && Boolean.TRUE.equals(sender.apply(tasks));
  }
}
