package io.github.faafo.failure;

import java.util.function.Predicate;

/** An exception's chain of causes, walked in one place for the API and the producer. */
public final class CauseChain {

  /** Causes followed at most: a chain that loops back on itself ends here. */
  private static final int LONGEST = 64;

  private CauseChain() {}

  /** True when {@code e} or one of its causes passes {@code test}. */
  public static boolean any(Throwable e, Predicate<Throwable> test) {
    Throwable t = e;
    for (int depth = 0; t != null && depth < LONGEST; depth++) {
      if (test.test(t)) {
        return true;
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    return false;
  }

  /** The last cause of {@code e}, or {@code e} itself when it has none. */
  public static Throwable root(Throwable e) {
    Throwable root = e;
    for (int depth = 0; depth < LONGEST; depth++) {
      Throwable cause = root.getCause();
      if (cause == null || cause == root) {
        break;
      }
      root = cause;
    }
    return root;
  }

  /** The root cause's type and message, for a log line without a stack trace. */
  public static String rootMessage(Throwable e) {
    Throwable root = root(e);
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
