package io.github.faafo.producer.control;

import io.github.faafo.messaging.MessageJson;
import io.github.faafo.messaging.PooledSender;
import io.github.faafo.messaging.ResourceNames;
import io.github.faafo.messaging.ResultMessage;
import io.github.faafo.messaging.ServerResources;
import io.github.faafo.messaging.TaskMessage;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.ObjectName;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The request/reply path: sends each task to the task queue, through the resource adapter's pooled
 * connections, with this node's reply queue as {@code JMSReplyTo} and the task's uuid as
 * correlation id (tiny tasks sent together travel as one bundle, see {@link TaskBundling}), and
 * completes the waiting request when the reply bean hands its reply over ({@link #replyArrived}).
 * The reply queue is a temporary queue that the adapter makes on each connection of the reply
 * bean's consumer: when a reconnect replaced it, no reply can come on the old one, so the tasks
 * that were sent with it are sent again with the new one within {@link #REPLY_QUEUE_CHECK_MILLIS}.
 * The number of tasks in flight is capped, so memory stays bounded under any burst. Replies wait in
 * a queue for one of {@link #STORERS} managed threads, which stores those that arrived together in
 * one transaction, up to {@link #STORE_BATCH}. Tasks the API of this server hands off ({@link
 * #sendSoon}) wait in another queue for the one managed thread that sends them the same way. These
 * threads live as long as the requestor: handing a managed executor a task for every reply and
 * hand-off is costly (Payara captures a task's context with a service-loader scan at each
 * submission). A task that waited here for a place longer than {@link #RENEW_AFTER_NANOS} gets its
 * record's dispatch time renewed as it leaves, so that the sweep of another node does not take it
 * for stuck while its reply can still come.
 */
@ApplicationScoped
public class TaskRequestor {

  private static final Logger LOG = Logger.getLogger("faafo.producer");

  /** Results stored in one transaction at most: one commit instead of one per result. */
  static final int STORE_BATCH = 64;

  /** Managed threads storing results; more replies wait and form batches. */
  private static final int STORERS = 2;

  /** Handed-off tasks one send takes at most (bundled as {@link TaskBundling} groups them). */
  static final int HAND_OFF_BATCH = 256;

  /**
   * How long a task may wait here before it leaves without its dispatch time renewed: the sweep of
   * another node may take it for stuck at most this much before its reply timeout here ends.
   */
  static final long RENEW_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** How often the tasks in flight are checked for a reply queue that a reconnect replaced. */
  static final long REPLY_QUEUE_CHECK_MILLIS = 250;

  /** The adapter's pooled connections in JMX, which can all be retired at once. */
  static final String OUTBOUND_CONNECTIONS = "io.github.faafo:type=OutboundConnections";

  /** What a task in flight was sent with while it is being sent: nothing to send again yet. */
  private static final String BEING_SENT = "(being sent)";

  /** What a task in flight was sent with when no reply queue could be had: send it when one is. */
  private static final String NO_REPLY_QUEUE = "(no reply queue)";

  @Resource ManagedThreadFactory threads;

  @Resource ManagedScheduledExecutorService scheduler;

  @Resource ContextService contexts;

  @Inject ResultStore results;

  @Inject FractalRecords records;

  @Inject ProducerMetrics metrics;

  @Inject TaskBundling bundling;

  @Inject
  @ConfigProperty(name = "faafo.producer.reply-timeout-seconds")
  long replyTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "faafo.producer.max-in-flight")
  int maxInFlight;

  private final ConcurrentMap<String, InFlight> inFlight = new ConcurrentHashMap<>();
  private final BlockingQueue<ResultMessage> arrived = new LinkedBlockingQueue<>();
  private final BlockingQueue<HandedOff> handedOff = new LinkedBlockingQueue<>();
  private final Set<String> toSend = ConcurrentHashMap.newKeySet();

  /** Tasks whose reply timeout ended before they could leave: their attempt is given back. */
  private final BlockingQueue<String> neverSent = new LinkedBlockingQueue<>();

  private final List<Thread> workers = new ArrayList<>();
  private volatile Thread handOffSender;
  private final PooledSender sender = new PooledSender();
  private volatile boolean closing;
  private volatile long lastReplyNanos;
  private volatile long lastRetiredNanos;
  private Semaphore permits;
  private ScheduledFuture<?> replyQueueCheck;
  private volatile Queue replyQueue;
  private volatile Queue taskQueue;

  /** A task sent and not yet answered, when it was first sent, and with which reply queue last. */
  private static final class InFlight {
    final TaskMessage task;
    final CompletableFuture<ResultMessage> reply;
    final long sentNanos;
    volatile String sentWith = BEING_SENT;

    InFlight(TaskMessage task, CompletableFuture<ResultMessage> reply, long sentNanos) {
      this.task = task;
      this.reply = reply;
      this.sentNanos = sentNanos;
    }

    TaskMessage task() {
      return task;
    }
  }

  /** A task handed off, and when its record was committed as dispatched. */
  private record HandedOff(TaskMessage task, long markedNanos) {}

  @PostConstruct
  void open() {
    permits = new Semaphore(maxInFlight);
    lastReplyNanos = System.nanoTime();
    lastRetiredNanos = lastReplyNanos;
    metrics.watchInFlight(this);
    replyQueueCheck =
        scheduler.scheduleWithFixedDelay(
            contexts.contextualRunnable(this::checkReplyQueue),
            REPLY_QUEUE_CHECK_MILLIS,
            REPLY_QUEUE_CHECK_MILLIS,
            TimeUnit.MILLISECONDS);
    for (int i = 1; i <= STORERS; i++) {
      start("faafo result storer " + i, this::storeArrived);
    }
    handOffSender = start("faafo hand-off sender", this::sendHandedOff);
  }

  /**
   * Starts a managed thread that runs {@code loop} in this module's context (the work is wrapped
   * here, since what it calls belongs to this module; without this, Payara Server resolves the
   * beans of an EAR's module wrongly on such threads).
   */
  private Thread start(String name, Runnable loop) {
    Thread thread = threads.newThread(contexts.contextualRunnable(loop));
    thread.setName(name);
    thread.start();
    workers.add(thread);
    return thread;
  }

  @PreDestroy
  void close() {
    closing = true;
    replyQueueCheck.cancel(false);
    workers.forEach(Thread::interrupt);
  }

  /**
   * Sends {@code task} to the workers; the future completes with the reply once it is stored, or
   * fails after the reply timeout (the stuck-task sweep then dispatches it again).
   */
  public CompletableFuture<ResultMessage> request(TaskMessage task) {
    return requestAll(List.of(task)).get(0);
  }

  /**
   * Sends {@code tasks}, whose records were just committed as dispatched, to the workers, the tiny
   * ones bundled; one future per task, in their order, each as {@link #request} gives it.
   */
  public List<CompletableFuture<ResultMessage>> requestAll(List<TaskMessage> tasks) {
    return requestAll(tasks, System.nanoTime());
  }

  /** As {@link #requestAll(List)} for tasks whose records were marked at {@code markedNanos}. */
  private List<CompletableFuture<ResultMessage>> requestAll(
      List<TaskMessage> tasks, long markedNanos) {
    Map<TaskMessage, CompletableFuture<ResultMessage>> replies = new IdentityHashMap<>();
    for (List<TaskMessage> message : bundling.group(tasks)) {
      // each message leaves before the next takes its places: its own replies free places too
      List<InFlight> admitted = new ArrayList<>(message.size());
      for (TaskMessage task : message) {
        CompletableFuture<ResultMessage> reply = new CompletableFuture<>();
        replies.put(task, reply);
        admit(task, reply).ifPresent(admitted::add);
      }
      if (!admitted.isEmpty()) {
        renewDispatchTimeAfterLongWait(admitted, markedNanos);
        send(admitted);
      }
    }
    return tasks.stream().map(replies::get).toList();
  }

  /**
   * Takes a place in flight for {@code task}; none (and a failed reply) when none is free in time.
   */
  private Optional<InFlight> admit(TaskMessage task, CompletableFuture<ResultMessage> reply) {
    try {
      if (!permits.tryAcquire(replyTimeoutSeconds, TimeUnit.SECONDS)) {
        reply.completeExceptionally(
            new TimeoutException(maxInFlight + " tasks in flight; " + task.uuid() + " not sent"));
        return Optional.empty();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reply.completeExceptionally(e);
      return Optional.empty();
    }
    InFlight request = new InFlight(task, reply, System.nanoTime());
    metrics.dispatched();
    inFlight.put(task.uuid(), request);
    reply
        .orTimeout(replyTimeoutSeconds, TimeUnit.SECONDS)
        .whenComplete(
            (result, failure) -> {
              inFlight.remove(task.uuid(), request);
              permits.release();
              if (failure instanceof TimeoutException && NO_REPLY_QUEUE.equals(request.sentWith)) {
                neverSent.add(task.uuid());
              } else if (failure instanceof TimeoutException) {
                retireConnectionsIfSilentSince(request);
              }
            });
    return Optional.of(request);
  }

  /**
   * Has the adapter retire every pooled connection when no reply at all has come since {@code
   * timedOut} left: a broker can keep a channel open that no longer delivers what it is given
   * (RabbitMQ 3.10 after the node leading a quorum queue was killed, {@code ClusterIT}), and every
   * task sent on it again would be lost the same way. A task whose reply is merely late, while
   * others' replies come, changes nothing; nor does one sent before the last retirement.
   */
  private void retireConnectionsIfSilentSince(InFlight timedOut) {
    long sent = timedOut.sentNanos;
    if (closing || lastReplyNanos - sent > 0 || lastRetiredNanos - sent > 0) {
      return;
    }
    lastRetiredNanos = System.nanoTime();
    String reason =
        "no reply has come since task "
            + timedOut.task().uuid()
            + " left "
            + replyTimeoutSeconds
            + " s ago";
    LOG.warning(() -> reason + "; the broker connections of this node's senders are renewed");
    try {
      ManagementFactory.getPlatformMBeanServer()
          .invoke(
              new ObjectName(OUTBOUND_CONNECTIONS),
              "retireAll",
              new Object[] {reason},
              new String[] {String.class.getName()});
    } catch (JMException | RuntimeException e) {
      LOG.warning(() -> "cannot renew the senders' connections: " + e);
    }
  }

  /**
   * Sets the dispatch time of {@code requests}' records to now when they waited here for more than
   * {@link #RENEW_AFTER_NANOS} since {@code markedNanos}: the sweep of every node counts from that
   * time, and this node's own reply timeout starts only now.
   */
  private void renewDispatchTimeAfterLongWait(List<InFlight> requests, long markedNanos) {
    long waitedNanos = System.nanoTime() - markedNanos;
    if (waitedNanos <= RENEW_AFTER_NANOS) {
      return;
    }
    List<String> uuids = requests.stream().map(request -> request.task().uuid()).toList();
    try {
      records.markSentNow(uuids);
    } catch (RuntimeException e) {
      LOG.warning(
          () ->
              "cannot renew the dispatch time of "
                  + uuids
                  + " after "
                  + TimeUnit.NANOSECONDS.toMillis(waitedNanos)
                  + " ms waiting to be sent ("
                  + e.getMessage()
                  + "); another node's sweep may send them again");
    }
  }

  /** True while {@code uuid} waits here to be sent or for its reply. */
  public boolean isInFlight(String uuid) {
    return inFlight.containsKey(uuid) || toSend.contains(uuid);
  }

  /**
   * Takes {@code tasks}, whose records are committed as dispatched, to be sent soon by the hand-off
   * sender, together with those handed off meanwhile (so tiny ones from concurrent requests share
   * bundles), and returns at once; false when that thread does not run (nothing is taken).
   */
  public boolean sendSoon(List<TaskMessage> tasks) {
    Thread sender = handOffSender;
    if (closing || sender == null || !sender.isAlive()) {
      LOG.warning(() -> "cannot take handed-off tasks now: the hand-off sender does not run");
      return false;
    }
    long now = System.nanoTime();
    tasks.forEach(task -> toSend.add(task.uuid()));
    tasks.forEach(task -> handedOff.add(new HandedOff(task, now)));
    metrics.handedOff(tasks.size());
    return true;
  }

  /** The hand-off sender: sends what was handed off, a batch at a time, until closed. */
  private void sendHandedOff() {
    for (List<HandedOff> batch; (batch = next(handedOff, HAND_OFF_BATCH)) != null; ) {
      try {
        // the first of a batch was handed off first
        requestAll(batch.stream().map(HandedOff::task).toList(), batch.get(0).markedNanos());
      } catch (RuntimeException e) {
        // the next batches still go; the sweep sends these after the reply timeout
        int count = batch.size();
        LOG.warning(() -> "cannot send " + count + " handed-off task(s): " + e);
      } finally {
        batch.forEach(waiting -> toSend.remove(waiting.task().uuid()));
      }
    }
  }

  /**
   * Waits for the next element of {@code queue} and takes it with those behind it, {@code max} at
   * most; null once the requestor closes (what is left then is sent again by the stuck-task sweep).
   */
  private <T> List<T> next(BlockingQueue<T> queue, int max) {
    try {
      while (!closing) {
        T first = queue.poll(1, TimeUnit.SECONDS);
        if (first != null) {
          List<T> batch = new ArrayList<>();
          batch.add(first);
          queue.drainTo(batch, max - 1);
          return batch;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }

  /** How many tasks wait for their reply. */
  public int inFlightCount() {
    return inFlight.size();
  }

  /**
   * Sends one task as one message, or several as a bundle (a JSON array, no correlation id), and
   * notes for each the reply queue it waits on.
   */
  private void send(List<InFlight> requests) {
    List<TaskMessage> tasks = requests.stream().map(InFlight::task).toList();
    String via;
    try {
      via = replyQueue().getQueueName();
    } catch (JMSException e) {
      requests.forEach(request -> request.sentWith = NO_REPLY_QUEUE);
      notSent(tasks, e, "they go as soon as this node's reply queue is back");
      return;
    }
    // noted before the send: should the queue change meanwhile, the task goes again, never not
    requests.forEach(request -> request.sentWith = via);
    try {
      if (tasks.size() == 1) {
        sender.send(
            taskQueue(), tasks.get(0).uuid(), replyQueue(), MessageJson.toJson(tasks.get(0)));
      } else {
        sender.send(taskQueue(), null, replyQueue(), MessageJson.toJson(tasks));
        metrics.bundleSent();
      }
    } catch (JMSException e) {
      notSent(
          tasks,
          e,
          "they go again when this node's reply queue is renewed, or after the reply timeout");
    }
  }

  private static void notSent(List<TaskMessage> tasks, JMSException cause, String then) {
    List<String> uuids = tasks.stream().map(TaskMessage::uuid).toList();
    LOG.warning(() -> "cannot send task(s) " + uuids + " (" + cause.getMessage() + "); " + then);
  }

  private Queue taskQueue() throws JMSException {
    if (taskQueue == null) {
      taskQueue = ServerResources.lookup(ResourceNames.TASK_QUEUE, Queue.class);
    }
    return taskQueue;
  }

  private Queue replyQueue() throws JMSException {
    if (replyQueue == null) {
      replyQueue = ServerResources.lookup(ResourceNames.REPLY_QUEUE, Queue.class);
    }
    return replyQueue;
  }

  /**
   * Runs {@link #sendAgainWhereReplyQueueChanged} and {@link #giveBackNeverSentAttempts}; a failure
   * must not end the repeated check.
   */
  private void checkReplyQueue() {
    try {
      sendAgainWhereReplyQueueChanged();
      giveBackNeverSentAttempts();
    } catch (RuntimeException e) {
      LOG.warning(() -> "cannot check the tasks in flight against the reply queue: " + e);
    }
  }

  /**
   * Gives back the dispatch of the tasks whose reply timeout ended while this node had no reply
   * queue to send them with (its broker away): they never left, so that dispatch does not count
   * among their attempts, and however long the broker is away, none of them fails for it. The
   * stuck-task sweep sends them again after another reply timeout.
   */
  private void giveBackNeverSentAttempts() {
    List<String> uuids = new ArrayList<>();
    neverSent.drainTo(uuids);
    if (uuids.isEmpty()) {
      return;
    }
    try {
      records.markNeverSent(uuids);
      LOG.info(
          () ->
              "task(s) "
                  + uuids
                  + " could not leave within the reply timeout (no reply queue): that dispatch"
                  + " does not count among their attempts");
    } catch (RuntimeException e) {
      neverSent.addAll(uuids); // tried again at the next check
      throw e;
    }
  }

  /**
   * Sends again, with the reply queue of now, every task in flight that waits on another: a
   * reconnect of the reply bean's consumer replaced the queue (a broker restart, the node that held
   * it killed), so no reply can come on the old one, or none could be had when it was sent. Nothing
   * happens while the consumer is not connected.
   */
  private void sendAgainWhereReplyQueueChanged() {
    if (closing || inFlight.isEmpty()) {
      return;
    }
    String current;
    try {
      current = replyQueue().getQueueName();
    } catch (JMSException e) {
      return;
    }
    List<InFlight> stale =
        inFlight.values().stream()
            .filter(request -> !BEING_SENT.equals(request.sentWith))
            .filter(request -> !current.equals(request.sentWith))
            .toList();
    if (stale.isEmpty()) {
      return;
    }
    LOG.info(
        () ->
            "sending "
                + stale.size()
                + " task(s) in flight again: their reply queue is gone, this node's is now "
                + current);
    stale.forEach(request -> send(List.of(request)));
  }

  /**
   * A reply from this node's reply queue ({@code ReplyConsumer}): read here, stored by a storer
   * together with the replies that arrive meanwhile.
   */
  public void replyArrived(Message message) {
    lastReplyNanos = System.nanoTime();
    List<ResultMessage> results;
    try {
      if (!(message instanceof TextMessage text)) {
        LOG.warning(() -> "ignoring a reply that is not a text message: " + message);
        return;
      }
      results = MessageJson.listFromJson(text.getText(), ResultMessage.class);
    } catch (JMSException | RuntimeException e) {
      LOG.warning(() -> "ignoring an unreadable reply: " + e.getMessage());
      return;
    }
    arrived.addAll(results);
  }

  /** A storer: stores what has arrived, a batch at a time, until closed. */
  private void storeArrived() {
    for (List<ResultMessage> batch; (batch = next(arrived, STORE_BATCH)) != null; ) {
      try {
        results.storeAll(batch);
      } catch (RuntimeException e) {
        // not stored: the stuck-task sweep dispatches these again
        int count = batch.size();
        LOG.warning(() -> "cannot store " + count + " result(s): " + e);
        continue;
      }
      for (ResultMessage result : batch) {
        InFlight request = inFlight.get(result.uuid());
        if (request != null) {
          metrics.roundTrip(Duration.ofNanos(System.nanoTime() - request.sentNanos));
          request.reply.complete(result);
        }
      }
    }
  }
}
