package io.github.faafo.connector;

import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The adapter's threads, all the server's: deliveries and reconnects run as {@code Work} on the
 * {@code BootstrapContext}'s WorkManager, so the server's connector thread pool bounds them and an
 * admin sizes it; delays come from the context's timer, whose tasks only schedule work.
 */
final class AdapterThreads {

  private static final Logger LOG = Logger.getLogger(AdapterThreads.class.getName());

  /** How long a delayed task waits again after the WorkManager refused it. */
  static final long REFUSED_RETRY_MS = 1_000;

  private final WorkManager workManager;
  private final Timer timer;

  AdapterThreads(WorkManager workManager, Timer timer) {
    this.workManager = workManager;
    this.timer = timer;
  }

  /** The threads of the server that started the adapter. */
  static AdapterThreads of(BootstrapContext context) throws ResourceAdapterInternalException {
    try {
      return new AdapterThreads(context.getWorkManager(), context.createTimer());
    } catch (UnavailableException e) {
      throw new ResourceAdapterInternalException("the server gives the adapter no timer", e);
    }
  }

  /** Runs {@code task} on a server thread soon. */
  void run(Runnable task) {
    try {
      workManager.scheduleWork(new Task(task));
    } catch (WorkException e) {
      throw new RejectedExecutionException("the server's WorkManager refused a task", e);
    }
  }

  /**
   * Runs {@code task} on a server thread after {@code delayMs}; if the WorkManager refuses it then,
   * again {@link #REFUSED_RETRY_MS} later. The timer's task must not throw: that would end the
   * timer, and with it every later reconnect and redelivery pause of the adapter.
   */
  TimerTask later(Runnable task, long delayMs) {
    TimerTask scheduled =
        new TimerTask() {
          @Override
          public void run() {
            try {
              AdapterThreads.this.run(task);
            } catch (RejectedExecutionException e) {
              LOG.warning(
                  () ->
                      "the server's WorkManager refused a delayed task of the adapter ("
                          + Failures.reason(e)
                          + "); trying again in "
                          + REFUSED_RETRY_MS
                          + " ms");
              later(task, REFUSED_RETRY_MS);
            }
          }
        };
    timer.schedule(scheduled, delayMs);
    return scheduled;
  }

  /**
   * An executor for the RabbitMQ client's consumer dispatch of one connection: each task it is
   * given runs as work on the server's threads. Shut down with the connection; it never interrupts
   * work in progress (the server owns those threads).
   */
  ExecutorService deliveryExecutor() {
    return new DeliveryExecutor();
  }

  /** Stops the timer; scheduled delays are dropped. */
  void stop() {
    timer.cancel();
  }

  /** A runnable as the WorkManager takes it. */
  private record Task(Runnable task) implements Work {

    @Override
    public void run() {
      task.run();
    }

    @Override
    public void release() {
      // the task runs briefly and holds nothing to give back early
    }
  }

  /** See {@link #deliveryExecutor()}. */
  private final class DeliveryExecutor extends AbstractExecutorService {

    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean shutdown;

    @Override
    public void execute(Runnable command) {
      if (shutdown) {
        throw new RejectedExecutionException("the connection's delivery executor is shut down");
      }
      running.incrementAndGet();
      try {
        run(
            () -> {
              try {
                command.run();
              } finally {
                finished();
              }
            });
      } catch (RejectedExecutionException e) {
        finished();
        throw e;
      }
    }

    private void finished() {
      synchronized (running) {
        running.decrementAndGet();
        running.notifyAll();
      }
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown && running.get() == 0;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      long deadline = System.nanoTime() + unit.toNanos(timeout);
      synchronized (running) {
        while (!isTerminated()) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(running, left);
        }
        return true;
      }
    }
  }
}
