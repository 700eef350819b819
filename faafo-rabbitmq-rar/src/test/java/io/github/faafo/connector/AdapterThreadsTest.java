package io.github.faafo.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.spi.work.ExecutionContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkListener;
import jakarta.resource.spi.work.WorkManager;
import jakarta.resource.spi.work.WorkRejectedException;
import java.util.Timer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdapterThreadsTest {

  private final Timer timer = new Timer("adapter-threads-test", true);

  @AfterEach
  void stopTimer() {
    timer.cancel();
  }

  @Test
  void aDelayedTaskTheWorkManagerRefusesRunsLaterAndTheTimerLives() throws Exception {
    RefusingFirst workManager = new RefusingFirst(2);
    AdapterThreads threads = new AdapterThreads(workManager, timer);
    CountDownLatch refusedTwice = new CountDownLatch(1);
    CountDownLatch later = new CountDownLatch(1);

    threads.later(refusedTwice::countDown, 0);
    // the task itself runs only once the WorkManager takes it, at the third offer
    assertTrue(refusedTwice.await(30, TimeUnit.SECONDS), "the refused task never ran");
    threads.later(later::countDown, 0);

    assertTrue(later.await(30, TimeUnit.SECONDS), "the timer died with the refused task");
    assertEquals(4, workManager.offers.get());
  }

  /** Refuses the first {@code refusals} pieces of work, then runs each on the calling thread. */
  private static final class RefusingFirst implements WorkManager {

    private final int refusals;
    final AtomicInteger offers = new AtomicInteger();

    RefusingFirst(int refusals) {
      this.refusals = refusals;
    }

    @Override
    public void scheduleWork(Work work) throws WorkRejectedException {
      if (offers.incrementAndGet() <= refusals) {
        throw new WorkRejectedException("the pool is full");
      }
      work.run();
    }

    @Override
    public void scheduleWork(
        Work work, long startTimeout, ExecutionContext context, WorkListener listener)
        throws WorkRejectedException {
      scheduleWork(work);
    }

    @Override
    public void doWork(Work work) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void doWork(
        Work work, long startTimeout, ExecutionContext context, WorkListener listener) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long startWork(Work work) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long startWork(
        Work work, long startTimeout, ExecutionContext context, WorkListener listener) {
      throw new UnsupportedOperationException();
    }
  }
}
