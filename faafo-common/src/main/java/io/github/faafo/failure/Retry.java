package io.github.faafo.failure;

import java.time.Duration;

/**
 * Tries an action again with doubling pauses until it succeeds or its time is used up: the one
 * back-off of the producer's result store and the workers' replies.
 */
public final class Retry {

  /** One try of the action. */
  @FunctionalInterface
  public interface Attempt<T> {
    T run() throws Exception;
  }

  /** Told of each failed try that will be followed by another, after {@code pauseMillis}. */
  @FunctionalInterface
  public interface Failure {
    void failed(int attempt, Exception error, long pauseMillis);
  }

  /** The action failed every time until its time was used up, or the thread was interrupted. */
  public static final class GaveUp extends RuntimeException {

    private final int attempts;

    private final boolean interrupted;

    GaveUp(Exception last, int attempts, boolean interrupted) {
      super(last.getMessage(), last);
      this.attempts = attempts;
      this.interrupted = interrupted;
    }

    /** How many tries were made. */
    public int attempts() {
      return attempts;
    }

    /** True when an interrupt ended the tries (the thread keeps its interrupt flag). */
    public boolean interrupted() {
      return interrupted;
    }
  }

  private final Duration within;

  private final long firstPauseMillis;

  private final long longestPauseMillis;

  /** Tries for {@code within}, pausing {@code firstPauseMillis}, then twice as long up to a cap. */
  public Retry(Duration within, long firstPauseMillis, long longestPauseMillis) {
    this.within = within;
    this.firstPauseMillis = firstPauseMillis;
    this.longestPauseMillis = longestPauseMillis;
  }

  /**
   * The action's result once a try succeeds.
   *
   * @throws GaveUp with the last failure when the time is used up or the thread is interrupted
   */
  public <T> T until(Attempt<T> action, Failure onFailure) {
    long deadline = System.nanoTime() + within.toNanos();
    long pause = firstPauseMillis;
    for (int attempt = 1; ; attempt++) {
      try {
        return action.run();
      } catch (Exception e) {
        boolean interrupted = Thread.currentThread().isInterrupted();
        if (interrupted || System.nanoTime() - deadline >= 0) {
          throw new GaveUp(e, attempt, interrupted);
        }
        onFailure.failed(attempt, e, pause);
        try {
          Thread.sleep(pause);
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          throw new GaveUp(e, attempt, true);
        }
        pause = Math.min(pause * 2, longestPauseMillis);
      }
    }
  }
}
